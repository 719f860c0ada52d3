import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// @ts-expect-error plain ESM JavaScript without type declarations
import { buildEspeakTool } from '../../models/training/corpus/espeakTimings.mjs';

/** A phone segment as the corpus engines return it. */
export interface Seg {
  phone: string;
  start: number;
  end: number;
  stress: 0 | 1 | 2;
}

/** One synthesized utterance as the corpus engines return it. */
export interface Utterance {
  voice: string;
  language: string;
  text: string;
  sampleRate: number;
  samples: number;
  duration: number;
  wavPath: string;
  phones: Seg[];
  words?: { start: number; text: string }[];
}

/** TTS suites fail instead of skipping when CI sets this. */
export const ttsRequired = process.env.MOUTHPIECE_REQUIRE_TTS === '1';

/**
 * A fresh temp folder and the espeak-ng timing tool built into it (or the
 * reason it could not be built). Call `cleanup` from afterAll.
 */
export async function prepareEspeak(prefix: string): Promise<{ tmp: string; tool?: string; buildError?: unknown; cleanup: () => void }> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), prefix));
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  try {
    return { tmp, tool: (await buildEspeakTool(path.join(tmp, 'bin'))) as string, cleanup };
  } catch (buildError) {
    return { tmp, buildError, cleanup };
  }
}

/** One line of a corpus manifest (models/training/corpus/FORMAT.md). */
export interface CorpusLine {
  id: string;
  kind: 'speech' | 'silence' | 'noise';
  engine: string | null;
  voice: string | null;
  speaker: string;
  language: string | null;
  text: string;
  emotion: string;
  intensity: number;
  renderOf: string | null;
  sourceId: string | null;
  split: 'train' | 'val';
  seconds: number;
  samples: number;
  frames: number;
  data: string;
  sha256: string;
  audio: string | null;
  augmentation: { kind: string; [key: string]: number | string } | null;
  phones: [string, number, number][];
}
