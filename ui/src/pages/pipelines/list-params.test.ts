import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import { nameFilter, rangeText, readListParams } from './list-params';
import { tooLarge, uploadErrorView } from './upload-error';

describe('pipelines list parameters', () => {
  it('reads name, sort and page size from the query, falling back to the defaults', () => {
    expect(readListParams(new URLSearchParams('name=%20train%20&sort=name&size=50'))).toEqual({
      name: 'train',
      sort: 'name',
      pageSize: 50,
    });
    expect(readListParams(new URLSearchParams('sort=drop%20table&size=7'))).toEqual({
      name: '',
      sort: 'created_at desc',
      pageSize: 20,
    });
  });

  it('filters names with KFP’s IS_SUBSTRING predicate, and not at all for blank text', () => {
    expect(JSON.parse(nameFilter(' a"b ') ?? '')).toEqual({
      predicates: [{ key: 'name', operation: 'IS_SUBSTRING', string_value: 'a"b' }],
    });
    expect(nameFilter('  ')).toBeUndefined();
  });

  it('says which rows a page shows', () => {
    expect(rangeText(1, 20, 20, 45)).toBe('21–40 of 45');
    expect(rangeText(0, 20, 0, 0)).toBe('No pipelines');
    expect(rangeText(0, 20, 3, undefined)).toBe('1–3');
  });
});

describe('upload errors', () => {
  it('shows a spec error’s location and fix once each', () => {
    const error = new ApiError(
      400,
      'SKIFF_IR_PARSE',
      'invalid pipeline spec in bad.yaml: the YAML does not parse (at line 2, column 1); fix: Fix the YAML.',
      'Fix the YAML.',
    );
    expect(uploadErrorView(error)).toEqual({
      code: 'SKIFF_IR_PARSE',
      message: 'invalid pipeline spec in bad.yaml: the YAML does not parse',
      location: 'line 2, column 1',
      fix: 'Fix the YAML.',
    });
    expect(uploadErrorView(new Error('boom')).message).toBe('boom');
    const yaml = new ApiError(400, 'SKIFF_IR_PARSE', 'bad (at f.yaml:3); fix: x', 'x');
    expect(uploadErrorView(yaml).location).toBe('f.yaml, line 3');
    expect(uploadErrorView(new ApiError(400, 'C', 'm (at f.yaml:3:5)')).location).toBe(
      'f.yaml, line 3, column 5',
    );
  });

  it('refuses a file over 32 MiB before sending it', () => {
    expect(tooLarge({ name: 'x.yaml', size: 33 * 1024 * 1024 })?.code).toBe('SKIFF_API_TOO_LARGE');
    expect(tooLarge({ name: 'x.yaml', size: 1000 })).toBeUndefined();
  });
});
