/**
 * For an action: its result (done, or error with the error value and description), latency and
 * a jump to it, or "pending". For a result: the request it answers, when it was sent, latency.
 */
import type { Request } from '../../model/state';
import { setCursor } from '../../store/store';
import { durationText, isoText } from '../table/timeFormat';

function Jump({ index }: { index: number }) {
  return (
    <button type="button" className="insp-jump" onClick={() => setCursor(index)} title={`Move the cursor to record ${index + 1}`}>
      #{index + 1}
    </button>
  );
}

export function RequestCard({ request, recordIndex }: { request: Request; recordIndex: number }) {
  const isAction = request.sentIndex === recordIndex;
  const latency = request.latencyMs !== null ? durationText(request.latencyMs) : null;
  return (
    <dl className="insp-kv" data-testid="request-card">
      <dt>request</dt>
      <dd>
        <span className="mono">{request.requestid}</span> · {request.action}
        {request.interactionid && <> · {request.interactionid}</>} · session {request.session}
      </dd>
      <dt>sent</dt>
      <dd>
        {isAction ? 'this record' : <Jump index={request.sentIndex} />} <span className="muted">{isoText(request.sent)}</span>
      </dd>
      <dt>result</dt>
      <dd>
        <span className={`insp-badge r-${request.result}`}>{request.result}</span>{' '}
        {request.result === 'pending' ? (
          <span className="muted">no interaction.{request.action}.done or error.interaction.{request.action} by the end of the trace</span>
        ) : isAction ? (
          <Jump index={request.resultIndex} />
        ) : (
          'this record'
        )}
      </dd>
      {request.error !== null && (
        <>
          <dt>error</dt>
          <dd className="mono insp-error">{request.error}</dd>
        </>
      )}
      {request.description !== null && (
        <>
          <dt>description</dt>
          <dd>{request.description}</dd>
        </>
      )}
      {request.result !== 'pending' && (
        <>
          <dt>latency</dt>
          <dd data-testid="request-latency">{latency ?? 'unknown (a record has no time)'}</dd>
        </>
      )}
    </dl>
  );
}
