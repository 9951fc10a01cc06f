/**
 * Architecture guard: walks src/ and fails when a file imports across layers the wrong way.
 *
 *   model  <-  ingest  <-  store  <-  ui          cli -> model only
 *
 * - src/model   pure domain code: imports only src/model. No npm packages (react, zustand, ...),
 *               no DOM-only libraries, no `node:` modules (test files may use node:, vitest, fast-check).
 * - src/ingest  model + ingest (parsing, decoding, workers, live-stream client). No React/zustand/UI libs.
 * - src/store   model + ingest + store, plus zustand. No React/UI libs.
 * - src/ui      anything in src except src/cli (Node-only code), plus any npm package.
 * - src/cli     model + cli, Node built-ins and npm packages (ws, ...). Never React, zustand,
 *               UI libraries, or src/store, src/ui, src/ingest.
 * - files directly in src/ (main.tsx, this test): unrestricted.
 *
 * A new top-level folder under src/ fails this test until it is given rules in LAYERS below.
 * Imports are found with regexes over `import ... from '...'`, `import '...'`, `import('...')`,
 * `export ... from '...'` and `new Worker(new URL('...', import.meta.url))` (Vite's worker pattern).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const TEST_FILE = /\.test\.(ts|tsx)$/;

/** Packages that pull in React or the DOM rendering stack. */
const UI_PACKAGES = /^(react|react-dom|@xyflow\/|@tanstack\/react-|zustand)(\/|$)/;
/** Packages test files anywhere may use. */
const TEST_PACKAGES = /^(vitest|fast-check|@vitest\/)(\/|$)/;

type Layer = 'model' | 'ingest' | 'store' | 'ui' | 'cli' | 'root';

export type Target =
  | { kind: 'src'; layer: string; path: string } // resolved file under src/, layer = first folder
  | { kind: 'outside'; path: string } // relative path that escapes src/
  | { kind: 'node'; name: string } // node:fs, fs, ...
  | { kind: 'package'; name: string }; // bare npm specifier

interface Rule {
  /** Human-readable statement of the rule, quoted in failure messages. */
  text: string;
  allows(target: Target, isTest: boolean): boolean;
}

const nodeBuiltins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

const LAYERS: Record<Layer, Rule> = {
  model: {
    text: 'src/model may import only src/model (tests may also use node:, vitest, fast-check)',
    allows: (t, isTest) =>
      (t.kind === 'src' && t.layer === 'model') ||
      (isTest && (t.kind === 'node' || (t.kind === 'package' && TEST_PACKAGES.test(t.name)))),
  },
  ingest: {
    text: 'src/ingest may import only src/model, src/ingest and non-UI packages (no react/zustand; node: only in tests)',
    allows: (t, isTest) =>
      (t.kind === 'src' && (t.layer === 'model' || t.layer === 'ingest')) ||
      (t.kind === 'package' && !UI_PACKAGES.test(t.name)) ||
      (isTest && t.kind === 'node'),
  },
  store: {
    text: 'src/store may import only src/model, src/ingest, src/store, zustand and non-UI packages (no react; node: only in tests)',
    allows: (t, isTest) =>
      (t.kind === 'src' && (t.layer === 'model' || t.layer === 'ingest' || t.layer === 'store')) ||
      (t.kind === 'package' && (/^zustand(\/|$)/.test(t.name) || !UI_PACKAGES.test(t.name))) ||
      (isTest && t.kind === 'node'),
  },
  ui: {
    text: 'src/ui may import anything in src/ except src/cli (Node-only), and any package',
    allows: (t, isTest) =>
      (t.kind === 'src' && t.layer !== 'cli') || t.kind === 'package' || (isTest && t.kind === 'node'),
  },
  cli: {
    text: 'src/cli may import only src/model, src/cli, Node built-ins and non-UI packages (never react, zustand, store, ui, ingest)',
    allows: (t) =>
      (t.kind === 'src' && (t.layer === 'model' || t.layer === 'cli')) ||
      t.kind === 'node' ||
      (t.kind === 'package' && !UI_PACKAGES.test(t.name)),
  },
  root: {
    text: 'files directly in src/ are unrestricted',
    allows: (t) => t.kind !== 'outside',
  },
};

/** Removes comments (block, and line comments starting at line start or after whitespace). */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** Every module specifier a source file refers to, in order of appearance. */
export function importsOf(code: string): string[] {
  const text = stripComments(code);
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"\n]+)['"]/g, // import x from / export {x} from
    /\bimport\s*['"]([^'"\n]+)['"]/g, // import './side-effect'
    /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*[,)]/g, // import('./lazy')
    // new Worker(new URL('./w.ts', import.meta.url)); a bare new URL(...) is a file/asset path, not an import
    /\bnew\s+(?:Shared)?Worker\s*\(\s*new\s+URL\s*\(\s*['"]([^'"\n]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  const found: Array<[number, string]> = [];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push([m.index ?? 0, m[1]!]);
  return found.sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}

/** Classifies a specifier as seen from `fromFile` (absolute path). */
export function classify(specifier: string, fromFile: string, srcDir = SRC): Target {
  const spec = specifier.replace(/[?#].*$/, ''); // Vite suffixes: ?worker, ?url, ?raw
  if (spec.startsWith('node:')) return { kind: 'node', name: spec };
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const abs = spec.startsWith('/') ? join(srcDir, '..', spec) : resolve(dirname(fromFile), spec);
    const rel = relative(srcDir, abs);
    if (rel.startsWith('..') || rel === '') return { kind: 'outside', path: relative(join(srcDir, '..'), abs) };
    const parts = rel.split(sep);
    return { kind: 'src', layer: parts.length > 1 ? parts[0]! : 'root', path: `src/${parts.join('/')}` };
  }
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  if (nodeBuiltins.has(name)) return { kind: 'node', name: spec };
  return { kind: 'package', name: spec };
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (SOURCE_EXT.test(entry) && !entry.endsWith('.d.ts')) yield full;
  }
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

export function checkFile(file: string, code: string, srcDir = SRC): Violation[] {
  const relFile = `src/${relative(srcDir, file).split(sep).join('/')}`;
  const parts = relative(srcDir, file).split(sep);
  const layerName = parts.length > 1 ? parts[0]! : 'root';
  const rule = (LAYERS as Record<string, Rule | undefined>)[layerName];
  if (!rule) {
    return [
      {
        file: relFile,
        specifier: '(any)',
        rule: `src/${layerName}/ is not a known layer; give it rules in LAYERS in src/architecture.test.ts`,
      },
    ];
  }
  const isTest = TEST_FILE.test(file);
  const out: Violation[] = [];
  for (const specifier of importsOf(code)) {
    const target = classify(specifier, file, srcDir);
    if (!rule.allows(target, isTest)) out.push({ file: relFile, specifier, rule: rule.text });
  }
  return out;
}

function format(v: Violation): string {
  return `${v.file}: import '${v.specifier}' breaks rule: ${v.rule}`;
}

describe('architecture: layer import rules', () => {
  it('every file under src/ imports only what its layer allows', () => {
    // This file is skipped: its fixtures contain deliberately bad imports inside strings.
    const self = fileURLToPath(import.meta.url);
    const files = [...walk(SRC)].filter((f) => f !== self);
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((f) => checkFile(f, readFileSync(f, 'utf8')));
    expect(violations.map(format), `layer violations:\n${violations.map(format).join('\n')}`).toEqual([]);
  });
});

describe('architecture checker itself', () => {
  const at = (p: string) => join(SRC, p);

  it('finds static, side-effect, dynamic, re-export and worker-URL imports', () => {
    const code = `
      import React, { useState } from 'react';
      import type { Foo } from "../model/foo.ts";
      import {
        a,
        b,
      } from './multi.ts';
      import './app.css';
      export * from '../model/index.ts';
      export { x as y } from './x.ts';
      const lazy = () => import('../store/lazy.ts');
      const w = new Worker(new URL('../ingest/parse.worker.ts', import.meta.url), { type: 'module' });
      // import { nope } from 'commented-out';
      /* import 'also-commented'; */
      const url = 'ws://127.0.0.1:8080';
      const spec = new URL('../../../shared/spec.txt', import.meta.url);
    `;
    expect(importsOf(code)).toEqual([
      'react',
      '../model/foo.ts',
      './multi.ts',
      './app.css',
      '../model/index.ts',
      './x.ts',
      '../store/lazy.ts',
      '../ingest/parse.worker.ts',
    ]);
  });

  it('classifies specifiers', () => {
    expect(classify('../model/a.ts', at('ui/App.tsx'))).toEqual({ kind: 'src', layer: 'model', path: 'src/model/a.ts' });
    expect(classify('node:fs', at('model/a.ts'))).toEqual({ kind: 'node', name: 'node:fs' });
    expect(classify('path', at('model/a.ts'))).toEqual({ kind: 'node', name: 'path' });
    expect(classify('@xyflow/react', at('ui/a.tsx'))).toEqual({ kind: 'package', name: '@xyflow/react' });
    expect(classify('./w.ts?worker', at('ingest/a.ts'))).toMatchObject({ kind: 'src', layer: 'ingest' });
    expect(classify('../../bench/x.ts', at('cli/a.ts'))).toMatchObject({ kind: 'outside' });
  });

  it('reports file, import and rule for violations', () => {
    const bad = (file: string, code: string) => checkFile(at(file), code).map((v) => v.specifier);
    expect(bad('model/a.ts', `import { create } from 'zustand'; import x from 'node:fs'; import './b.ts';`)).toEqual([
      'zustand',
      'node:fs',
    ]);
    expect(bad('model/a.test.ts', `import fc from 'fast-check'; import { test } from 'vitest'; import x from 'node:fs';`)).toEqual([]);
    expect(bad('model/a.ts', `import { f } from '../ingest/f.ts';`)).toEqual(['../ingest/f.ts']);
    expect(bad('ingest/a.ts', `import { m } from '../model/m.ts'; import { s } from '../store/s.ts';`)).toEqual(['../store/s.ts']);
    expect(bad('store/a.ts', `import { create } from 'zustand'; import { useMemo } from 'react'; import '../ui/x.ts';`)).toEqual([
      'react',
      '../ui/x.ts',
    ]);
    expect(bad('ui/a.tsx', `import '../store/s.ts'; import 'react'; import '../cli/main.ts';`)).toEqual(['../cli/main.ts']);
    expect(
      bad('cli/a.ts', `import { WebSocketServer } from 'ws'; import 'node:http'; import '../model/m.ts'; import '../ingest/i.ts'; import 'react';`),
    ).toEqual(['../ingest/i.ts', 'react']);
    expect(bad('newlayer/a.ts', ``)).toEqual(['(any)']);

    const [v] = checkFile(at('cli/a.ts'), `import '../ui/App.tsx';`);
    expect(format(v!)).toMatch(/^src\/cli\/a\.ts: import '\.\.\/ui\/App\.tsx' breaks rule: src\/cli may import only/);
  });
});
