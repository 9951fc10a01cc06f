/**
 * Party graph tab: the interactions of the selection at the time-travel cursor, one box per
 * interaction with its parties inside, and the links between them. The layout is made once per
 * trace version and selection (see `layout.ts`), so moving the cursor only changes what the
 * nodes say, never where they are.
 */
import '@xyflow/react/dist/style.css';
import { Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node, type NodeMouseHandler } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { partyStateColour } from '../../model/catalogue';
import { graphAt, type PartyGraph } from '../../model/views/graph';
import { clockText } from '../../model/views/ladderText';
import { lastPartyRecord } from '../../model/views/scope';
import { selectInteraction, selectParty, setCursor, useStore } from '../../store/store';
import { exportName } from '../export/download';
import { useViewInputs } from '../views/useViewInputs';
import { ExportMenu } from '../export/ExportMenu';
import { graphSvg } from '../export/graphSvg';
import { readTheme } from '../export/theme';
import { LINK_STYLES } from '../legend/colours';
import { Legend } from '../legend/Legend';
import { boxOf, layoutGraph, type GraphLayout } from './layout';
import { EDGE_TYPES, NODE_TYPES } from './nodes';
import './graph.css';

export function PartyGraphView() {
  return (
    <ReactFlowProvider>
      <PartyGraph />
    </ReactFlowProvider>
  );
}

function toFlow(graph: PartyGraph, layout: GraphLayout, selectedInteraction: string | null, selectedParty: string | null): { nodes: Node[]; edges: Edge[] } {
  const nodes: Node[] = [];
  for (const group of graph.groups) {
    const box = layout.groups.get(group.id);
    if (!box) continue;
    nodes.push({
      id: group.id,
      type: 'interaction',
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      style: { width: box.width, height: box.height },
      data: { group, selected: group.id === selectedInteraction && selectedParty === null, partyCount: 0 },
      draggable: false,
      selectable: false,
      zIndex: 0,
    });
  }
  const shown = new Set(nodes.map((n) => n.id));
  for (const node of graph.nodes) {
    const box = boxOf(layout, node);
    if (!box || !shown.has(node.interactionId)) continue;
    nodes.push({
      id: node.id,
      type: node.kind,
      parentId: node.interactionId,
      extent: 'parent',
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      data: { node, selected: node.interactionId === selectedInteraction && node.partyId === selectedParty },
      draggable: false,
      selectable: false,
      zIndex: 1,
    });
    shown.add(node.id);
  }
  const edges: Edge[] = graph.edges
    .filter((e) => shown.has(e.source) && shown.has(e.target))
    .map((e) => ({
      id: e.id,
      type: 'link',
      source: e.source,
      target: e.target,
      data: { edge: e },
      markerEnd: { type: 'arrowclosed', color: LINK_STYLES[e.kind].colour, width: 16, height: 16 },
      zIndex: e.kind === 'merge' ? 0 : 2,
      selectable: false,
    }));
  return { nodes, edges };
}

function PartyGraph() {
  const { trace, records, version, cursor, selectedInteraction, selectedParty } = useViewInputs();
  // The trace is mutated in place: `version` is what says it changed.
  const graph = useMemo(() => graphAt(trace, cursor, selectedInteraction), [trace, version, cursor, selectedInteraction]);
  const layout = useMemo(() => layoutGraph(graphAt(trace, records.length - 1, selectedInteraction)), [trace, version, records, selectedInteraction]);
  const flow = useMemo(() => toFlow(graph, layout, selectedInteraction, selectedParty), [graph, layout, selectedInteraction, selectedParty]);

  const { fitView } = useReactFlow();
  // The mini-map only when there is room: in a short panel it would cover the parties.
  const [canvas, setCanvas] = useState<HTMLDivElement | null>(null);
  const [roomy, setRoomy] = useState(false);
  useEffect(() => {
    if (!canvas) return;
    const observer = new ResizeObserver(() => setRoomy(canvas.clientWidth >= 900 && canvas.clientHeight >= 400));
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [canvas]);
  useEffect(() => {
    const id = requestAnimationFrame(() => void fitView({ padding: 0.12, maxZoom: 1.25 }));
    return () => cancelAnimationFrame(id);
  }, [layout, fitView]);

  const onNodeClick = useCallback<NodeMouseHandler>(
    (_event, node) => {
      if (node.type === 'party') {
        const data = node.data as { node: { interactionId: string; partyId: string } };
        const { trace: t, records: r, cursor: c } = useStore.getState();
        selectParty(data.node.interactionId, data.node.partyId);
        const index = lastPartyRecord(t, r, data.node.interactionId, data.node.partyId, c);
        if (index >= 0) setCursor(index);
      } else if (node.type === 'interaction') {
        selectInteraction(node.id);
      }
    },
    [],
  );

  const states = useMemo(() => {
    const set = new Set<string>();
    for (const n of graph.nodes) if (n.state) set.add(n.state);
    return [...set];
  }, [graph]);
  const ids = graph.groups.map((g) => g.id);
  const time = cursor >= 0 && cursor < records.length ? records.time(cursor) : null;
  const title = `Party graph · ${ids.join(' + ') || 'no interaction'} · after record #${cursor + 1}${time !== null ? ` (${clockText(time)} UTC)` : ''}`;

  let empty: string | null = null;
  if (records.length === 0) empty = 'Open a trace to see its party graph.';
  else if (graph.tooMany) empty = `${graph.total.toLocaleString()} interactions: select one in the interaction list to see its party graph.`;
  else if (graph.groups.length === 0) empty = 'No interaction exists yet at the cursor. Move the cursor forward to see the parties appear.';

  return (
    <section className="view graph-view" aria-label="Party graph">
      <div className="view-toolbar">
        <span className="view-summary" title={title}>
          {ids.length > 0 ? (
            <>
              <strong className="mono">{ids.join(' + ')}</strong>
              <span className="muted"> · {graph.nodes.filter((n) => n.kind === 'party').length} parties · {graph.edges.length} links</span>
            </>
          ) : (
            <span className="muted">Party graph</span>
          )}
        </span>
        {selectedInteraction !== null && (
          <button type="button" onClick={() => selectInteraction(null)} title="Clear the selection and show every interaction (when there are fewer than 30)">
            Show all
          </button>
        )}
        <button type="button" onClick={() => void fitView({ padding: 0.12, maxZoom: 1.25 })} disabled={graph.groups.length === 0} title="Fit the graph to the view">
          Fit
        </button>
        <span className="view-spacer" />
        <ExportMenu
          name={exportName('graph', ids)}
          disabled={graph.groups.length === 0}
          svg={() => graphSvg(graph, layout, readTheme(), title)}
        />
      </div>
      <div className="graph-canvas" ref={setCanvas} data-testid="graph-canvas" data-cursor={cursor}>
        {empty ? (
          <p className="view-empty">{empty}</p>
        ) : (
          <ReactFlow
            nodes={flow.nodes}
            edges={flow.edges}
            nodeTypes={NODE_TYPES}
            edgeTypes={EDGE_TYPES}
            onNodeClick={onNodeClick}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            fitView
            fitViewOptions={{ padding: 0.12, maxZoom: 1.25 }}
            minZoom={0.1}
            maxZoom={2.5}
            colorMode="system"
            attributionPosition="top-right"
            zIndexMode="manual"
          >
            {roomy && (
            <MiniMap
              style={{ width: 160, height: 100 }}
              pannable
              zoomable
              ariaLabel="Party graph overview"
              nodeColor={(n) => (n.type === 'party' ? partyStateColour((n.data as { node: { state: string | null } }).node.state) : 'transparent')}
              nodeStrokeColor={(n) => (n.type === 'interaction' ? 'var(--border-strong)' : 'transparent')}
            />
            )}
            <Controls showInteractive={false} />
          </ReactFlow>
        )}
      </div>
      <Legend states={states} />
    </section>
  );
}
