import { resolve } from 'node:path';
import {
  bertGroups,
  combine,
  fromTrials,
  renderDistributionsMarkdown,
  renderDistributionsSvg,
  writeDistributionFile,
  type LrDistribution,
  type TrialRecord,
} from '@lrdist/combine';
import { writeFileAtomic } from '@lrdist/model';
import { loadStudy } from '@lrdist/search';
import type { FlagSpec, FlagValuesOf } from '../cli/flags.js';
import { ArgsError, StudyConfigError } from '../errors.js';
import type { CommandContext } from './command-context.js';
import { openStudyStorage } from './search-command.js';
import { SEARCH_CONFIG_ATTR, searchConfigSchema, type SearchConfig } from './search-config.js';
import { groupLrsOf } from './search-runner.js';

/** Flags of `combine`. */
export const COMBINE_FLAGS = [
  {
    name: 'studies',
    kind: 'string-list',
    unique: true,
    help: 'studies to combine',
    example: 'sst2-mrpc-mini-b-only,mrpc-sst2-mini-b-only',
  },
  {
    name: 'storage',
    kind: 'string',
    default: 'journal:runs/studies.jsonl',
    help: 'journal:PATH or postgres://...',
    example: 'journal:runs/studies.jsonl',
  },
  {
    name: 'out',
    kind: 'string',
    help: 'distribution file to write (an SVG chart and a Markdown table go beside it)',
    example: 'dist.json',
  },
  {
    name: 'weight',
    kind: 'number',
    min: 1,
    default: 1.8,
    help: "within a study, weight base^-rank of the trials ranked by the objective (the paper's 1.8)",
    example: '1.8',
  },
  { name: 'json', kind: 'boolean', help: 'print the distribution file on stdout too', example: '' },
  { name: 'help', kind: 'boolean', help: 'show this help', example: '' },
] as const satisfies readonly FlagSpec[];

/**
 * `combine`: per study, the rank-weighted geometric mean of its trials (or its Pareto front's
 * geometric mean for `pareto` studies); across studies, the geometric mean per group with a
 * geometric-SD band, on the model's groups.
 */
export async function combineCommand(flags: FlagValuesOf<typeof COMBINE_FLAGS>, ctx: CommandContext): Promise<number> {
  const { studies: names, out: outFlag } = flags;
  if (names === undefined || names.length === 0) throw new ArgsError('--studies is required: a comma-separated list of study names');
  if (outFlag === undefined) throw new ArgsError('--out is required: the distribution file to write, e.g. --out dist.json');
  const storage = await openStudyStorage(flags, ctx);
  try {
    const perStudy: LrDistribution[] = [];
    let layers: number | null = null;
    let model: string | null = null;
    for (const name of names) {
      const study = await loadStudy({ storage, studyName: name });
      const parsed = searchConfigSchema.safeParse((await study.userAttrs())[SEARCH_CONFIG_ATTR]);
      if (!parsed.success) throw new StudyConfigError(`study ${name} was not made by \`pnpm bench search\``);
      const config: SearchConfig = parsed.data;
      if (layers !== null && layers !== config.layers)
        throw new StudyConfigError(`study ${name} has ${config.layers} layers, the others ${layers}`);
      layers = config.layers;
      model = config.model;
      const records: TrialRecord[] = (await study.getTrials()).map((t) => ({
        number: t.number,
        state: t.state,
        values: t.values === null ? null : [...t.values],
        params: t.state === 'complete' ? groupLrsOf(t.params as Record<string, number>, config) : {},
      }));
      perStudy.push(
        fromTrials(records, {
          groups: bertGroups(config.layers),
          objective: config.objective,
          weight: flags.weight,
          provenance: { model: config.model, pairs: [`${config.taskA}->${config.taskB}`], studies: [name] },
        }),
      );
      ctx.display.log(`combine: ${name}: ${records.filter((r) => r.state === 'complete').length} complete trials`);
    }
    const combined = combine(perStudy, { groups: bertGroups(layers!), provenance: { model: model! } });
    const out = resolve(ctx.cwd, outFlag);
    await writeDistributionFile(out, combined);
    const base = out.replace(/\.json$/, '');
    const series = [
      { label: 'combined', distribution: combined },
      ...perStudy.map((d, i) => ({ label: names[i]!, distribution: d, band: false })),
    ];
    await writeFileAtomic(`${base}.svg`, renderDistributionsSvg(series, { title: `Combined distribution (${names.length} studies)` }));
    const table = renderDistributionsMarkdown(series);
    await writeFileAtomic(`${base}.md`, `${table}\n`);
    ctx.stdout.write(`${table}\nwrote ${out} (+ .svg, .md)\n`);
    if (flags.json) ctx.stdout.write(`${JSON.stringify(combined.groups, null, 2)}\n`);
    return 0;
  } finally {
    await storage.close();
  }
}
