import { describe, expect, it } from 'vitest';
import { bundleOf, decodeJson, encodeJson, headerOf, projectFromZip, projectName, projectToZip, type ProjectDoc } from './projectFormat';
import { zipSync, strToU8 } from 'fflate';
import { sampleDoc } from './sampleProject.fixture';

describe('project JSON', () => {
  it('keeps typed arrays bit-exact and NaN / Infinity as numbers', () => {
    const value = { f: Float32Array.of(0.1, Number.NaN, -0), i: Int32Array.of(-3, 2 ** 30), u: Uint8Array.of(0, 255), n: [Number.NaN, Infinity, -Infinity, 1.5], s: 'x' };
    const back = decodeJson<typeof value>(encodeJson(value));
    expect(back.f).toBeInstanceOf(Float32Array);
    expect(Array.from(back.f)).toEqual([Math.fround(0.1), Number.NaN, -0]);
    expect(back.i).toBeInstanceOf(Int32Array);
    expect(Array.from(back.i)).toEqual([-3, 2 ** 30]);
    expect(Array.from(back.u)).toEqual([0, 255]);
    expect(back.n).toEqual([Number.NaN, Infinity, -Infinity, 1.5]);
    expect(back.s).toBe('x');
  });

  it('round-trips a whole project document', () => {
    const doc = sampleDoc();
    expect(decodeJson(encodeJson(doc))).toEqual(doc);
  });
});

describe('project header', () => {
  it('counts distinct covers and takes the best scored entry, skipping failed ones', () => {
    const h = headerOf(sampleDoc(), 'v1');
    expect(h.coverCount).toBe(2); // a.jpg and c.jpg are one image
    expect(h.bestScore).toBe(0.75);
    expect(h.bestModel).toBe('M · image only');
    expect(h.classNames).toEqual(['pop', 'rock']);
    expect(h.versionKey).toBe('v1');
  });

  it('names a project after its folder, else its CSV', () => {
    expect(projectName('music/dataset.csv')).toBe('music');
    expect(projectName('spotify.csv')).toBe('spotify');
    expect(projectName('')).toBe('project');
  });
});

describe('project zip', () => {
  it('carries document, covers and feature vectors', () => {
    const doc = sampleDoc();
    const images = [{ hash: 'aa', crop: Uint8Array.of(1, 2, 3), thumb: Uint8Array.of(4) }, { hash: 'bb', crop: Uint8Array.of(5), thumb: Uint8Array.of(6, 7) }];
    const bundle = bundleOf('net', new Map([['aa', Float32Array.of(1, 2)], ['bb', Float32Array.of(3, 4)]]))!;
    const back = projectFromZip(projectToZip(doc, images, [bundle]));
    expect(back.doc).toEqual(doc);
    expect(back.images.sort((a, b) => a.hash.localeCompare(b.hash))).toEqual(images);
    expect(back.features).toHaveLength(1);
    expect(back.features[0].hashes).toEqual(['aa', 'bb']);
    expect(Array.from(back.features[0].vectors)).toEqual([1, 2, 3, 4]);
  });

  it('carries the CSV bytes and the prediction thumbnails exactly', () => {
    const csv = Uint8Array.from([0xef, 0xbb, 0xbf, ...strToU8('cover,genre\na.jpg,pop\n'), 0xe9]);
    const doc = { ...sampleDoc(), ui: { predictionThumbs: { 'new.jpg': Uint8Array.of(255, 216, 1) } } };
    doc.dataset = { ...doc.dataset, csv };
    const back = projectFromZip(projectToZip(doc, [], []));
    expect(back.doc.dataset.csv).toEqual(csv);
    expect(back.doc.ui).toEqual({ predictionThumbs: { 'new.jpg': Uint8Array.of(255, 216, 1) } });
  });

  it('says what is wrong with a foreign or broken file', () => {
    expect(() => projectFromZip(Uint8Array.of(1, 2, 3))).toThrow(/not a readable \.zip/);
    expect(() => projectFromZip(zipSync({ 'a.txt': strToU8('x') }))).toThrow(/no project\.json/);
    expect(() => projectFromZip(zipSync({ 'project.json': strToU8('{"format":99}') }))).toThrow(/Unsupported project format 99/);
  });
});
