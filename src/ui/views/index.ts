/**
 * The visual views shown in the main area's tabs (party graph, timeline, ladder). Each entry is
 * a self-contained component that reads the store; the shell only lays out the tabs.
 */
import type { ComponentType } from 'react';
import { PartyGraphView } from '../graph/PartyGraphView';
import { TimelineView } from '../timeline/TimelineView';
import { LadderView } from '../ladder/LadderView';

export interface ViewTab {
  id: string;
  title: string;
  Component: ComponentType;
}

export const VIEW_TABS: ViewTab[] = [
  { id: 'graph', title: 'Party graph', Component: PartyGraphView },
  { id: 'timeline', title: 'Timeline', Component: TimelineView },
  { id: 'ladder', title: 'Ladder', Component: LadderView },
];
