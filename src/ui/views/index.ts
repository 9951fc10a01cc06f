/**
 * The visual views shown in the main area's tabs (party graph, timeline, ladder). Each entry is
 * a self-contained component that reads the store; the shell only lays out the tabs.
 */
import type { ComponentType } from 'react';

export interface ViewTab {
  id: string;
  title: string;
  Component: ComponentType;
}

export const VIEW_TABS: ViewTab[] = [];
