/**
 * The built-in sample traces listed in `public/samples/index.json` ({file, title, description}[]).
 * Fetched once; if the index is missing, the three samples that ship with the app are offered.
 */
import { useEffect, useState } from 'react';

export interface Sample {
  file: string;
  title: string;
  description: string;
}

const FALLBACK: Sample[] = [
  { file: 'consult-transfer.ndjson', title: 'Consult transfer', description: 'Agent consults a colleague and completes the transfer with interaction.onmerge.' },
  { file: 'divert-routing-point.ndjson', title: 'Divert from a routing point', description: 'A call queued on a routing point is diverted to an agent.' },
  { file: 'failed-redirect.ndjson', title: 'Failed redirect', description: 'A redirect request comes back as error.interaction.redirect.' },
];

export const SAMPLES_BASE = `${import.meta.env.BASE_URL}samples/`;

let cache: Promise<Sample[]> | null = null;

function isSample(value: unknown): value is Sample {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.file === 'string' && /^[\w.-]+$/.test(v.file) && typeof v.title === 'string';
}

function fetchSamples(): Promise<Sample[]> {
  cache ??= fetch(`${SAMPLES_BASE}index.json`)
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
    .then((list: unknown) => {
      const samples = Array.isArray(list) ? list.filter(isSample) : [];
      return samples.length > 0
        ? samples.map((s) => ({ file: s.file, title: s.title, description: typeof s.description === 'string' ? s.description : '' }))
        : FALLBACK;
    })
    .catch(() => FALLBACK);
  return cache;
}

export function useSamples(): Sample[] {
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(() => {
    let live = true;
    void fetchSamples().then((s) => live && setSamples(s));
    return () => {
      live = false;
    };
  }, []);
  return samples;
}

/** The link path of a sample (what `?trace=` and permalinks carry). */
export function sampleUrl(sample: Sample): string {
  return `${SAMPLES_BASE}${sample.file}`;
}
