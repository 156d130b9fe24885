/** Draws a synthetic CoverSpec on a 2-D canvas context (OffscreenCanvas in a worker, or a page canvas). */
import { Rng } from '../models/rng';
import type { CoverSpec, Shape } from './synthetic';

type Ctx = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function figure(ctx: Ctx, s: Extract<Shape, { kind: 'figure' }>, size: number) {
  const x = s.x * size;
  const y = s.y * size;
  const h = s.scale * size;
  ctx.fillStyle = s.colour;
  ctx.beginPath();
  ctx.arc(x, y - h * 0.42, h * 0.12, 0, Math.PI * 2); // head
  ctx.fill();
  ctx.beginPath(); // shoulders and body, widening downwards
  ctx.moveTo(x - h * 0.12, y - h * 0.28);
  ctx.lineTo(x + h * 0.12, y - h * 0.28);
  ctx.lineTo(x + h * 0.22, y + h * 0.45);
  ctx.lineTo(x - h * 0.22, y + h * 0.45);
  ctx.closePath();
  ctx.fill();
}

function shape(ctx: Ctx, s: Shape, size: number) {
  if (s.kind === 'figure') return figure(ctx, s, size);
  ctx.globalAlpha = s.alpha;
  ctx.fillStyle = s.colour;
  if (s.kind === 'circle') {
    ctx.beginPath();
    ctx.arc(s.x * size, s.y * size, s.r * size, 0, Math.PI * 2);
    ctx.fill();
  } else if (s.kind === 'rect') {
    ctx.save();
    ctx.translate(s.x * size, s.y * size);
    ctx.rotate(s.angle);
    ctx.fillRect((-s.w / 2) * size, (-s.h / 2) * size, s.w * size, s.h * size);
    ctx.restore();
  } else {
    ctx.fillRect(0, s.y * size, size, s.h * size);
  }
  ctx.globalAlpha = 1;
}

/** Seeded speckle: light and dark dots, as film grain or print noise. */
function grain(ctx: Ctx, strength: number, size: number, seed: number) {
  if (strength <= 0) return;
  const rng = new Rng(seed);
  const dots = Math.round(strength * size * size * 0.08);
  for (let i = 0; i < dots; i++) {
    ctx.fillStyle = rng.uniform() < 0.5 ? 'rgba(0,0,0,0.35)' : 'rgba(255,255,255,0.3)';
    ctx.fillRect(rng.uniform() * size, rng.uniform() * size, 1.5, 1.5);
  }
}

export function drawCover(ctx: Ctx, spec: CoverSpec, size: number, seed: number): void {
  const bg = ctx.createLinearGradient(0, 0, size, size);
  bg.addColorStop(0, spec.background[0]);
  bg.addColorStop(1, spec.background[1]);
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, size, size);
  for (const s of spec.shapes) shape(ctx, s, size);
  grain(ctx, spec.grain, size, seed);
  const t = spec.title;
  ctx.fillStyle = t.colour;
  ctx.font = `${t.weight} ${Math.round(t.size * size)}px sans-serif`;
  ctx.textAlign = t.align;
  ctx.textBaseline = 'middle';
  ctx.fillText(t.text, t.x * size, t.y * size, size * 0.86);
}
