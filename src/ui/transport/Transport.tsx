/**
 * The transport bar: step through the records, play them back in real time (1x..100x), scrub
 * over the trace's time, jump to the previous/next problem and to the previous/next record of
 * the selected interaction. Shortcuts work anywhere but in text fields (see `SHORTCUTS`).
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { pause, SPEEDS, setSpeed, togglePlay, usePlayback, type Speed } from '../../store/playback';
import { setCursor, useStore } from '../../store/store';
import { useTraceIndex } from '../table/traceIndex';
import { clockText, offsetText } from '../table/timeFormat';
import { Icon, type IconName } from './icons';
import { nextIn, previousIn, SHORTCUTS } from './navigation';
import { Scrubber } from './Scrubber';
import './Transport.css';

type Move = 'stepBack' | 'stepForward' | 'previousProblem' | 'nextProblem' | 'previousOfInteraction' | 'nextOfInteraction';

/** Where a move lands from the current cursor, or null when there is nowhere to go. */
function target(move: Move, problems: Int32Array): number | null {
  const { cursor, records, trace, selectedInteraction } = useStore.getState();
  const last = records.length - 1;
  switch (move) {
    case 'stepBack':
      return cursor > 0 ? cursor - 1 : null;
    case 'stepForward':
      return cursor < last ? cursor + 1 : null;
    case 'previousProblem':
      return previousIn(problems, cursor);
    case 'nextProblem':
      return nextIn(problems, cursor);
    case 'previousOfInteraction':
    case 'nextOfInteraction': {
      const ixn = selectedInteraction !== null ? trace.interactions.get(selectedInteraction) : undefined;
      if (!ixn) return null;
      return move === 'previousOfInteraction' ? previousIn(ixn.records, cursor) : nextIn(ixn.records, cursor);
    }
  }
}

function isTyping(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

const MOVE_KEYS: Record<string, Move> = {
  [SHORTCUTS.stepBack]: 'stepBack',
  [SHORTCUTS.stepForward]: 'stepForward',
  [SHORTCUTS.previousProblem]: 'previousProblem',
  [SHORTCUTS.nextProblem]: 'nextProblem',
  [SHORTCUTS.previousOfInteraction]: 'previousOfInteraction',
  [SHORTCUTS.nextOfInteraction]: 'nextOfInteraction',
};

const SHORTCUT_HELP = `Keys: ${SHORTCUTS.stepBack} ${SHORTCUTS.stepForward} step · ${SHORTCUTS.previousProblem} ${SHORTCUTS.nextProblem} problem · ${SHORTCUTS.previousOfInteraction} ${SHORTCUTS.nextOfInteraction} selected interaction · ${SHORTCUTS.playPause} play/pause · in the table ↑ ↓ j k Home End, Enter selects the interaction`;

export function Transport() {
  const { cursor, records, count, selectedInteraction, version } = useStore(
    useShallow((s) => ({ cursor: s.cursor, records: s.records, count: s.recordCount, selectedInteraction: s.selectedInteraction, version: s.version })),
  );
  const { playing, speed } = usePlayback(useShallow((s) => ({ playing: s.playing, speed: s.speed })));
  const index = useTraceIndex();
  const problems = index.problemIndexes;

  const go = (move: Move) => {
    const to = target(move, problems);
    if (to !== null) {
      if (move !== 'stepForward' && move !== 'stepBack') pause();
      setCursor(to);
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const move = MOVE_KEYS[e.key];
      if (move) {
        e.preventDefault();
        const to = target(move, problems);
        if (to !== null) setCursor(to);
      } else if (e.key === SHORTCUTS.playPause) {
        e.preventDefault();
        togglePlay();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [problems]);

  const can = (move: Move) => count > 0 && target(move, problems) !== null;
  const button = (move: Move, icon: IconName, label: string, key: string) => (
    <button type="button" className={`tr-btn${move.endsWith('OfInteraction') ? ' tr-ixn-jump' : ''}`} onClick={() => go(move)} disabled={!can(move)} title={`${label} (${key})`} aria-label={label}>
      <Icon name={icon} />
    </button>
  );
  const time = cursor >= 0 && cursor < count ? records.time(cursor) : null;
  void version; // re-render with each batch: counts and enabled buttons follow the trace
  const offsetWidth = index.startTime !== null && index.endTime !== null ? Math.max(12, offsetText(index.endTime, index.startTime).length) : 12;

  return (
    <div className="tr-wrap">
      <div className="tr" role="toolbar" aria-label="Cursor transport" title={SHORTCUT_HELP}>
        {button('stepBack', 'stepBack', 'Step back', SHORTCUTS.stepBack)}
        <button
          type="button"
          className={`tr-btn tr-play${playing ? ' on' : ''}`}
          onClick={togglePlay}
          disabled={count === 0}
          title={`${playing ? 'Pause' : 'Play the records in real time'} (${SHORTCUTS.playPause})`}
          aria-label={playing ? 'Pause' : 'Play'}
        >
          <Icon name={playing ? 'pause' : 'play'} />
        </button>
        {button('stepForward', 'stepForward', 'Step forward', SHORTCUTS.stepForward)}
        <select
          className="tr-speed"
          aria-label="Playback speed"
          title="Playback speed: real time between records, scaled (silences over 2 s are shortened)"
          value={speed}
          onChange={(e) => setSpeed(Number(e.target.value) as Speed)}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}x
            </option>
          ))}
        </select>
        {/* Fixed widths: text that changes with the cursor must not resize the scrubber (a redraw). */}
        <span
          className="tr-pos"
          data-testid="cursor-position"
          title="Record at the cursor / records in the trace"
          style={{ minWidth: `${2 * count.toLocaleString('en-US').length + 3}ch` }}
        >
          {count === 0 ? '0 / 0' : `${(cursor + 1).toLocaleString('en-US')} / ${count.toLocaleString('en-US')}`}
        </span>
        <span className="tr-sep" />
        {button('previousProblem', 'previousProblem', 'Previous problem', SHORTCUTS.previousProblem)}
        <span className={`tr-label tr-problems${problems.length > 0 ? ' has' : ''}`} title={`${problems.length} records with problems: [ and ] jump between them`}>
          ▲ {problems.length.toLocaleString('en-US')}
        </span>
        {button('nextProblem', 'nextProblem', 'Next problem', SHORTCUTS.nextProblem)}
        <span className="tr-sep tr-ixn-jump" />
        {button('previousOfInteraction', 'previousOfInteraction', 'Previous record of the selected interaction', SHORTCUTS.previousOfInteraction)}
        <span className="tr-label tr-ixn" title={selectedInteraction ? `Selected interaction ${selectedInteraction}` : 'Select an interaction (Enter in the table) to step through its records'}>
          {selectedInteraction ?? 'ixn —'}
        </span>
        {button('nextOfInteraction', 'nextOfInteraction', 'Next record of the selected interaction', SHORTCUTS.nextOfInteraction)}
        <Scrubber index={index} records={records} cursor={cursor} />
        <span className="tr-time" data-testid="cursor-time" title={time !== null ? new Date(time).toISOString() : undefined}>
          {time === null ? '—' : clockText(time)}
          {time !== null && index.startTime !== null && (
            // As wide as the widest offset of the trace (its end): a width that changes with the
            // cursor would resize the scrubber, which then redraws its whole canvas.
            <span className="tr-offset" style={{ minWidth: `${offsetWidth}ch` }}>
              {offsetText(time, index.startTime)}
            </span>
          )}
        </span>
      </div>
    </div>
  );
}
