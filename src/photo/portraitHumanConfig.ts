/**
 * The `@vladmandic/human` configuration the photo avatar needs: the face
 * detector, the 468-point face mesh and the iris model, up to four faces
 * (the largest is kept), everything else off. Merge it into your own
 * config in a browser: `new Human({ ...portraitHumanConfig(), backend: 'webgl', modelBasePath })`.
 */
export function portraitHumanConfig(): Record<string, unknown> {
  return {
    debug: false,
    // No result cache: human would otherwise reuse the last face box for a similar-looking next image.
    cacheSensitivity: 0,
    face: {
      enabled: true,
      // Rotation correction off: portraits are upright, and it costs a second pass.
      detector: { rotation: false, maxDetected: 4, minConfidence: 0.3, return: false },
      mesh: { enabled: true },
      iris: { enabled: true },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      attention: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    filter: { enabled: false },
  };
}
