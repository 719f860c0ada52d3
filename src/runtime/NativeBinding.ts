/**
 * The shape of the compiled addon (native/node/addon.cpp). Only
 * loadNative.ts loads it; everything else sees this interface.
 */
export interface NativeBinding {
  decodeWav(bytes: Uint8Array): Promise<{
    samples: Float32Array;
    sampleRate: number;
    channels: number;
    bitsPerSample: number;
    format: 'pcm' | 'float';
    extensible: boolean;
  }>;
  resample(samples: Float32Array, inRate: number, outRate: number): Promise<Float32Array>;
  computeFeatures(samples16k: Float32Array): Promise<Float32Array>;
  buildInfo(): NativeBuildInfo;
  Session: new (options: { sampleRate: number; channels: number; maxBufferedFrames?: number }) => NativeSessionHandle;
}

/** What the native core reports about itself. */
export interface NativeBuildInfo {
  abiVersion: number;
  version: string;
  cudaCompiled: boolean;
  cudaDevices: number;
  cudaReason: string;
  simd: string;
  featureSpec: {
    sampleRate: number;
    hop: number;
    window: number;
    fftSize: number;
    bands: number;
    fminHz: number;
    fmaxHz: number;
    logFloor: number;
  };
}

/** A native streaming session handle (see addon.cpp's Session). */
export interface NativeSessionHandle {
  push(samples: Float32Array): void;
  pushAsync(samples: Float32Array): Promise<void>;
  flush(): void;
  reset(): void;
  read(maxFrames?: number): { features: Float32Array; firstIndex: number; count: number };
  framesAvailable(): number;
  dispose(): void;
}
