import { describe, expect, it, vi } from 'vitest';
import type * as SegmenterModule from './segmenter.js';

// Count the segmentations: descriptions that match nothing must never reach the segmenter.
const segmented = vi.hoisted(() => ({ count: 0 }));
vi.mock('./segmenter.js', async (importOriginal) => {
  const actual = await importOriginal<typeof SegmenterModule>();
  class CountingSegmenter extends actual.Segmenter {
    override segment(text: string) {
      segmented.count++;
      return super.segment(text);
    }
  }
  return { ...actual, Segmenter: CountingSegmenter };
});

const { loadDefaultCatalogue } = await import('./default-catalogue.js');
const { createScreener } = await import('./screener.js');

describe('segmentation stays off the common path', () => {
  const screener = createScreener(loadDefaultCatalogue());

  it('does not segment descriptions that match nothing', () => {
    for (const description of ['蓝牙耳机 手机壳', 'wireless mouse', '羽绒服 两件', '陶瓷花瓶']) {
      expect(screener.screen({ description }).verdict).toBe('clear');
    }
    expect(segmented.count).toBe(0);
  });

  it('segments a flagged description once', () => {
    expect(screener.screen({ description: '烟民 用品' }).verdict).toBe('clear');
    expect(segmented.count).toBe(1);
  });
});
