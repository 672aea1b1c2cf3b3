import { describe, expect, it } from 'vitest';
import { UnknownTaskError } from '../errors.js';
import { glueDevLayout, glueTaskLabel, resolveGlueTask, toGlueTaskRef } from './resolve-glue-task.js';

describe('resolveGlueTask', () => {
  it.each([
    ['mrpc', 'mrpc', 'dev'],
    ['MRPC', 'mrpc', 'dev'],
    ['sst2', 'sst2', 'dev'],
    ['sst-2', 'sst2', 'dev'],
    ['SST-2', 'sst2', 'dev'],
    ['sts-b', 'stsb', 'dev'],
    ['stsb', 'stsb', 'dev'],
    ['STS_B', 'stsb', 'dev'],
    ['CoLA', 'cola', 'dev'],
    ['mnli', 'mnli', 'matched'],
    ['mnli-m', 'mnli', 'matched'],
    ['mnli-mm', 'mnli', 'mismatched'],
    ['MNLI_mismatched', 'mnli', 'mismatched'],
    [' rte ', 'rte', 'dev'],
  ])('resolves %j to %s/%s', (input, task, dev) => {
    expect(resolveGlueTask(input)).toEqual({ task, dev });
  });

  it('throws UnknownTaskError listing the valid names, with a suggestion', () => {
    let caught: unknown;
    try {
      resolveGlueTask('mrcp');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownTaskError);
    const error = caught as UnknownTaskError;
    expect(error.code).toBe('UNKNOWN_TASK');
    expect(error.input).toBe('mrcp');
    expect(error.validNames).toContain('mnli-mm');
    expect(error.message).toContain("did you mean 'mrpc'?");
    expect(error.suggestion).toBe('mrpc');
    for (const name of ['cola', 'sst2', 'mrpc', 'stsb', 'qqp', 'mnli', 'qnli', 'rte', 'wnli']) {
      expect(error.message).toContain(name);
    }
  });

  it('gives no suggestion for a name far from every task', () => {
    expect(() => resolveGlueTask('imagenet')).toThrow(/got 'imagenet'$/);
    expect(() => resolveGlueTask('imagenet')).toThrow(expect.objectContaining({ suggestion: undefined }));
  });

  it('checks the dev split of an explicit ref', () => {
    expect(toGlueTaskRef({ task: 'mnli', dev: 'mismatched' })).toEqual({ task: 'mnli', dev: 'mismatched' });
    expect(() => toGlueTaskRef({ task: 'rte', dev: 'matched' })).toThrow(UnknownTaskError);
    expect(() => glueDevLayout({ task: 'rte', dev: 'matched' })).toThrow(/rte\/dev/);
    expect(glueDevLayout({ task: 'mnli', dev: 'mismatched' }).file).toBe('dev_mismatched.tsv');
  });

  it('labels refs for logs', () => {
    expect(glueTaskLabel(resolveGlueTask('mnli-mm'))).toBe('mnli-mm');
    expect(glueTaskLabel(resolveGlueTask('mnli'))).toBe('mnli-m');
    expect(glueTaskLabel(resolveGlueTask('sst-2'))).toBe('sst2');
  });
});
