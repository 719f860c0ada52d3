/** One plotted curve: an ARKit weight index and its colour. */
export interface Curve {
  name: string;
  index: number;
  color: string;
}

/**
 * A scrolling plot of a few weights over the last `seconds`, drawn on a
 * canvas once per rendered frame. Keeps a fixed ring of samples.
 */
export class CurvePlot {
  private readonly times: Float64Array;
  private readonly values: Float32Array;
  private head = 0;
  private count = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly curves: readonly Curve[],
    private readonly seconds = 6,
    capacity = 2048,
  ) {
    this.times = new Float64Array(capacity);
    this.values = new Float32Array(capacity * curves.length);
  }

  /** Adds one sample (seconds on any clock, the 52 weights). */
  push(time: number, weights: ArrayLike<number>): void {
    const cap = this.times.length;
    this.times[this.head] = time;
    this.curves.forEach((c, k) => (this.values[this.head * this.curves.length + k] = weights[c.index]));
    this.head = (this.head + 1) % cap;
    this.count = Math.min(cap, this.count + 1);
  }

  /** Draws the samples of the last `seconds` up to `now`. */
  draw(now: number): void {
    const g = this.canvas.getContext('2d');
    if (!g) return;
    const { width: w, height: h } = this.canvas;
    g.clearRect(0, 0, w, h);
    g.strokeStyle = '#2c323b';
    for (let k = 1; k < 4; k++) {
      g.beginPath();
      g.moveTo(0, (h * k) / 4);
      g.lineTo(w, (h * k) / 4);
      g.stroke();
    }
    const cap = this.times.length;
    this.curves.forEach((c, k) => {
      g.strokeStyle = c.color;
      g.lineWidth = 2;
      g.beginPath();
      let started = false;
      for (let n = 0; n < this.count; n++) {
        const i = (this.head - this.count + n + cap) % cap;
        const x = w * (1 - (now - this.times[i]) / this.seconds);
        if (x < 0) continue;
        const y = h - 8 - (h - 16) * this.values[i * this.curves.length + k];
        if (started) g.lineTo(x, y);
        else g.moveTo(x, y);
        started = true;
      }
      g.stroke();
      g.fillStyle = c.color;
      g.font = '20px system-ui';
      g.fillText(c.name, 10 + k * 150, 24);
    });
  }
}
