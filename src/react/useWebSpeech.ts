import { useEffect, useState } from 'react';

import type { EmotionName } from '../api/Conditioning.js';
import { connectSpeech, type SpeechInput } from '../web/connectSpeech.js';
import { createWebMotionSession, type WebMotionSession, type WebMotionSessionOptions } from '../web/WebMotionSession.js';

/** Options of {@link useWebSpeech}: a browser session's options plus where the audio plays. */
export interface UseWebSpeechOptions extends Omit<WebMotionSessionOptions, 'sampleRate' | 'channels' | 'worker'> {
  /** The AudioContext to use. Default: one shared context for the page (created on first use, never closed by the hook). */
  context?: AudioContext;
  /**
   * A Worker running `mouthpiece/web/worker`, 'inline', or a factory called
   * per session (its Worker is terminated with the session). Default: a new
   * Worker per session from the package.
   */
  worker?: Worker | 'inline' | (() => Worker);
  /** See `ConnectSpeechOptions.syncDelayMs`. */
  syncDelayMs?: number;
}

/** What {@link useWebSpeech} returns. */
export interface WebSpeechState {
  /** The connected input (a frame source for `<MouthpieceFace buffer>`), or null while starting or without input. */
  speech: SpeechInput | null;
  /** Its session (for `setConditioning`, `backend`), or null. */
  session: WebMotionSession | null;
  /** Why starting failed, or null. */
  error: Error | null;
}

let shared: AudioContext | null = null;

/**
 * Connects an audio element or a MediaStream to a browser motion session
 * for as long as the component is mounted (and `input` and the model stay
 * the same): starts the session (onnxruntime-web in a Worker), connects
 * the input with {@link connectSpeech}, and on unmount stops the input and
 * frees the session. Emotion and intensity changes go to the running
 * session with a smooth transition instead of a restart.
 *
 * @param input An `<audio>`/`<video>` element or a MediaStream; null for none.
 * @param options See {@link UseWebSpeechOptions}; read when the session starts, except emotion and intensity.
 *   A model given as bytes restarts the session when the array changes: keep it stable (`useMemo`).
 * @returns `{ speech, session, error }`.
 * @example
 * ```tsx
 * const { speech } = useWebSpeech(audioElement, { wasmPaths: '/ort/' });
 * return <MouthpieceFace object={gltf.scene} buffer={speech ?? NO_FRAMES} />;
 * ```
 */
export function useWebSpeech(input: HTMLMediaElement | MediaStream | null, options: UseWebSpeechOptions = {}): WebSpeechState {
  const [state, setState] = useState<WebSpeechState>({ speech: null, session: null, error: null });
  // A URL object compares by its text; strings and byte arrays as they are.
  const modelKey = options.model instanceof URL ? options.model.href : options.model;
  useEffect(() => {
    if (input == null) return undefined;
    let cancelled = false;
    let session: WebMotionSession | null = null;
    let speech: SpeechInput | null = null;
    const context = options.context ?? (shared ??= new AudioContext());
    // A Worker this hook made (from a factory) is this hook's to terminate.
    const made = typeof options.worker === 'function' ? options.worker() : null;
    const worker = made ?? (options.worker as Worker | 'inline' | undefined);
    const release = () => {
      const s = session;
      const sp = speech;
      session = speech = null;
      void (sp ? sp.stop() : Promise.resolve())
        .catch(() => undefined)
        .finally(() => {
          s?.dispose();
          made?.terminate();
        });
    };
    // Browsers start an AudioContext only after a user gesture: resume it when the element plays.
    const resume = () => void (context.state === 'suspended' ? context.resume().catch(() => undefined) : undefined);
    const element = typeof HTMLMediaElement !== 'undefined' && input instanceof HTMLMediaElement ? input : null;
    element?.addEventListener('play', resume);
    let starting = true;
    (async () => {
      session = await createWebMotionSession({ ...options, worker, sampleRate: context.sampleRate, channels: 1 });
      if (cancelled) return;
      speech = await connectSpeech({ context, session, input, syncDelayMs: options.syncDelayMs });
      if (cancelled) return;
      resume();
      setState({ speech, session, error: null });
    })()
      .catch((error: Error) => {
        release();
        if (!cancelled) setState({ speech: null, session: null, error });
      })
      .finally(() => {
        starting = false;
        // Unmounted while starting: free what was made once it exists (a Worker terminated earlier would leave
        // the start waiting forever).
        if (cancelled) release();
      });
    return () => {
      cancelled = true;
      element?.removeEventListener('play', resume);
      setState({ speech: null, session: null, error: null });
      if (!starting) release();
    };
    // The session restarts only for a new input, context or model; the rest is read at start.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [input, options.context, modelKey]);
  const { session } = state;
  useEffect(() => {
    if (session) void session.setConditioning({ emotion: options.emotion as EmotionName | undefined, intensity: options.intensity }).catch(() => undefined);
  }, [session, options.emotion, options.intensity]);
  return state;
}
