/**
 * React Flow node and edge types of the party graph. Trace text (ids, resources, states) is
 * rendered as React text only. Each element publishes what it shows through data-* attributes
 * and an accessible label, which is also what the e2e tests read.
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, Handle, Position, type Edge, type EdgeProps, type Node, type NodeProps } from '@xyflow/react';
import { partyStateColour } from '../../model/catalogue';
import type { GraphEdge, GraphGroup, GraphNode } from '../../model/views/graph';
import { LINK_STYLES, STATUS_COLOURS, textOn } from '../legend/colours';

export type InteractionNodeType = Node<{ group: GraphGroup; selected: boolean; partyCount: number }, 'interaction'>;
export type PartyNodeType = Node<{ node: GraphNode; selected: boolean }, 'party'>;
export type ResourceNodeType = Node<{ node: GraphNode }, 'resource'>;
export type LinkEdgeType = Edge<{ edge: GraphEdge }, 'link'>;

const STATUS_TEXT: Record<GraphGroup['status'], string> = {
  added: 'added',
  present: 'present',
  notcontrolled: 'not controlled',
  deleted: 'deleted',
};

function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} className="graph-handle" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="graph-handle" />
    </>
  );
}

export function InteractionNode({ data }: NodeProps<InteractionNodeType>) {
  const { group, selected } = data;
  const kind = [group.media, group.type].filter(Boolean).join(' · ');
  const cls = ['graph-group', group.faded ? 'is-faded' : '', group.changed ? 'is-changed' : '', selected ? 'is-selected' : '']
    .filter(Boolean).join(' ');
  return (
    <div
      className={cls}
      data-testid="graph-interaction"
      data-interaction={group.id}
      data-status={group.status}
      aria-label={`Interaction ${group.id}${kind ? `, ${kind}` : ''}, ${STATUS_TEXT[group.status]}`}
    >
      <Handles />
      <div className="graph-group-header" title={`${group.id}${kind ? ` (${kind})` : ''}: ${STATUS_TEXT[group.status]}`}>
        <span className="graph-group-id mono">{group.id}</span>
        {kind && <span className="graph-group-kind">{kind}</span>}
        <span className="graph-status" style={{ color: STATUS_COLOURS[group.status], borderColor: STATUS_COLOURS[group.status] }}>
          {STATUS_TEXT[group.status]}
        </span>
      </div>
    </div>
  );
}

export function PartyNode({ data }: NodeProps<PartyNodeType>) {
  const { node, selected } = data;
  const colour = partyStateColour(node.state);
  const cls = ['graph-party', node.faded ? 'is-faded' : '', node.changed ? 'is-changed' : '', selected ? 'is-selected' : '']
    .filter(Boolean).join(' ');
  const state = node.state ?? 'no state';
  const label = `Party ${node.partyId} on ${node.resource ?? 'unknown resource'}, ${state}${node.deleted ? ', deleted' : ''}${node.changed ? ', changed at the cursor' : ''}`;
  return (
    <div
      className={cls}
      style={{ borderLeftColor: colour }}
      data-testid="party-node"
      data-party={node.partyId ?? ''}
      data-interaction={node.interactionId}
      data-state={node.state ?? ''}
      data-faded={node.faded ? 'true' : 'false'}
      data-changed={node.changed ? 'true' : 'false'}
      aria-label={label}
      title={`${label}. Click to select it and jump to its last event.`}
    >
      <Handles />
      <div className="graph-party-resource mono">{node.resource ?? '?'}</div>
      <div className="graph-party-line">
        <span className="graph-party-id mono">{node.partyId}</span>
        <span className="graph-state" style={{ background: colour, color: textOn(colour) }}>{state}</span>
        {node.deleted && <span className="graph-deleted">deleted</span>}
      </div>
    </div>
  );
}

export function ResourceNode({ data }: NodeProps<ResourceNodeType>) {
  const { node } = data;
  return (
    <div
      className={`graph-resource${node.changed ? ' is-changed' : ''}`}
      data-testid="resource-node"
      data-resource={node.resource ?? ''}
      aria-label={`Destination ${node.resource}, not a party at the cursor`}
      title={`Destination ${node.resource}: not a party of the interaction at the cursor`}
    >
      <Handles />
      <span className="mono">{node.resource}</span>
      <span className="graph-resource-note">destination</span>
    </div>
  );
}

export function LinkEdge(props: EdgeProps<LinkEdgeType>) {
  const edge = props.data!.edge;
  const style = LINK_STYLES[edge.kind];
  const [path, labelX, labelY] = getBezierPath(props);
  return (
    <g data-testid={`edge-${edge.kind}`} data-edge={edge.id} data-changed={edge.changed ? 'true' : 'false'} className={edge.changed ? 'graph-edge is-changed' : 'graph-edge'}>
      <title>{`${edge.label}: ${edge.source} → ${edge.target} (record #${edge.index + 1})`}</title>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        interactionWidth={12}
        style={{ stroke: style.colour, strokeWidth: edge.changed ? style.width + 1.5 : style.width, strokeDasharray: style.dash.join(' ') || undefined }}
      />
      <EdgeLabelRenderer>
        <div
          className={`graph-edge-label${edge.changed ? ' is-changed' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, borderColor: style.colour, color: style.colour, zIndex: 1000 }}
          data-testid={`edge-label-${edge.kind}`}
        >
          {edge.label}
        </div>
      </EdgeLabelRenderer>
    </g>
  );
}

export const NODE_TYPES = { interaction: InteractionNode, party: PartyNode, resource: ResourceNode };
export const EDGE_TYPES = { link: LinkEdge };
