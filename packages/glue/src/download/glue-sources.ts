/**
 * Where each GLUE task comes from, and the sha256 values it is checked against.
 *
 * URLs are those of the GLUE download script (nyu-mll/GLUE-baselines `download_glue_data.py`, as
 * updated to dl.fbaipublicfiles.com) and of Hugging Face `datasets/glue/glue.py`: one zip per task,
 * QQP as `QQP-clean.zip` and QNLI as `QNLIv2.zip`; MRPC is not redistributed by GLUE, so the script
 * rebuilds it from SentEval's copy of the Microsoft corpus and GLUE's list of dev ids.
 *
 * Archive sha256 values are the ones Hugging Face `datasets` publishes and checks for these very
 * URLs (huggingface/datasets, `datasets/glue/dataset_infos.json`, `download_checksums`).
 * TSV sha256 values (CoLA, MRPC, RTE, SST-2) were computed here from the GLUE files lrdist is
 * developed on. The other tasks' TSVs have no pin: their hashes are recorded in the cache manifest
 * on first download (`check: 'recorded'`), and later downloads must match them.
 */
import type { GlueTaskName } from '../tasks/glue-tasks.js';

/** Base URL of every GLUE file. */
export const GLUE_BASE_URL = 'https://dl.fbaipublicfiles.com';

/** A file on the GLUE server. */
export interface GlueRemoteFile {
  /** Path under the base URL, starting with `/`. */
  readonly path: string;
  /** Pinned sha256 of the file as served; absent when none is known. */
  readonly sha256?: string;
  /** Size in bytes as served, when known (for progress only). */
  readonly bytes?: number;
}

/** A task shipped as one zip holding `<zipDir>/<file>`. */
export interface GlueZipSource {
  readonly kind: 'zip';
  readonly archive: GlueRemoteFile;
  /** Directory inside the archive that holds the TSVs. */
  readonly zipDir: string;
  /** The files to keep, by name, each with its pinned sha256 or `null` when none is known. */
  readonly files: Readonly<Record<string, string | null>>;
}

/** MRPC, rebuilt as the GLUE script does from the corpus's train file and GLUE's dev id list. */
export interface GlueMrpcSource {
  readonly kind: 'mrpc';
  /** `msr_paraphrase_train.txt`, SentEval's copy of the Microsoft Research Paraphrase Corpus. */
  readonly corpus: GlueRemoteFile;
  /** `mrpc_dev_ids.tsv`: the `#1 ID`, `#2 ID` pairs that GLUE puts in dev. */
  readonly devIds: GlueRemoteFile;
  /** `train.tsv` and `dev.tsv` with their pinned sha256 (or `null`). */
  readonly files: Readonly<Record<string, string | null>>;
}

/** How one task is downloaded and checked. */
export type GlueTaskSource = GlueZipSource | GlueMrpcSource;

/** Download sources of all nine tasks. */
export const GLUE_SOURCES = {
  cola: {
    kind: 'zip',
    archive: {
      path: '/glue/data/CoLA.zip',
      sha256: 'f212fcd832b8f7b435fb991f101abf89f96b933ab400603bf198960dfc32cbff',
      bytes: 376_971,
    },
    zipDir: 'CoLA',
    files: {
      'train.tsv': 'cb368ebeb9f27d7ad03720d27ddc95687a311bdb100781a2fe59a5f5b1bc0624',
      'dev.tsv': '8c013e21dc39957cac37378d87bebe225b694a0d5fe13eded66c2856628833fd',
    },
  },
  sst2: {
    kind: 'zip',
    archive: {
      path: '/glue/data/SST-2.zip',
      sha256: 'd67e16fb55739c1b32cdce9877596db1c127dc322d93c082281f64057c16deaa',
      bytes: 7_439_277,
    },
    zipDir: 'SST-2',
    files: {
      'train.tsv': '48eac26399f8456935f81dd9e3a745c1430adb6c62e233ccfe22db4a0d15d1d1',
      'dev.tsv': '54a9c12c77e402fc14d6a66a506f24d999f596b0176eb777c972cccc2f9cc4b0',
    },
  },
  mrpc: {
    kind: 'mrpc',
    corpus: {
      path: '/senteval/senteval_data/msr_paraphrase_train.txt',
      sha256: '60a9b09084528f0673eedee2b69cb941920f0b8cd0eeccefc464a98768457f89',
      bytes: 1_047_044,
    },
    devIds: {
      path: '/glue/data/mrpc_dev_ids.tsv',
      sha256: '971d7767d81b997fd9060ade0ec23c4fc31cbb226a55d1bd4a1bac474eb81dc7',
      bytes: 6_222,
    },
    files: {
      'train.tsv': '122becc469405bc16f9defcb8715d2a4b7ce600e9d9381e6dc42bfdd1494c51d',
      'dev.tsv': '81c8a1a9e1dfe461dd2c1a4f98f43fe18bece44d2bf9e3d0b245b88e5aa5eaf7',
    },
  },
  stsb: {
    kind: 'zip',
    archive: {
      path: '/glue/data/STS-B.zip',
      sha256: 'e60a6393de5a8b5b9bac5020a1554b54e3691f9d600b775bd131e613ac179c85',
      bytes: 802_872,
    },
    zipDir: 'STS-B',
    files: { 'train.tsv': null, 'dev.tsv': null },
  },
  qqp: {
    kind: 'zip',
    archive: {
      path: '/glue/data/QQP-clean.zip',
      sha256: '40e7c862c04eb26ee04b67fd900e76c45c6ba8e6d8fab4f8f1f8072a1a3fbae0',
      bytes: 41_696_084,
    },
    zipDir: 'QQP',
    files: { 'train.tsv': null, 'dev.tsv': null },
  },
  mnli: {
    kind: 'zip',
    archive: {
      path: '/glue/data/MNLI.zip',
      sha256: 'e7c1d896d26ed6caf700110645df426cc2d8ebf02a5ab743d5a5c68ac1c83633',
      bytes: 312_783_507,
    },
    zipDir: 'MNLI',
    files: { 'train.tsv': null, 'dev_matched.tsv': null, 'dev_mismatched.tsv': null },
  },
  qnli: {
    kind: 'zip',
    archive: {
      path: '/glue/data/QNLIv2.zip',
      sha256: 'e634e78627a29adaecd4f955359b22bf5e70f2cbd93b493f2d624138a0c0e5f5',
      bytes: 10_627_589,
    },
    zipDir: 'QNLI',
    files: { 'train.tsv': null, 'dev.tsv': null },
  },
  rte: {
    kind: 'zip',
    archive: {
      path: '/glue/data/RTE.zip',
      sha256: '6bf86de103ecd335f3441bd43574d23fef87ecc695977a63b82d5efb206556ee',
      bytes: 697_150,
    },
    zipDir: 'RTE',
    files: {
      'train.tsv': '81d25e323e1ab5b2ad7cd445f1a69db89f2b1c104f3e26915a9421aa4a5f4735',
      'dev.tsv': '80230dfa1347282e7b532b06a1004a76a710087541189bf874223ddf0e3819fb',
    },
  },
  wnli: {
    kind: 'zip',
    archive: {
      path: '/glue/data/WNLI.zip',
      sha256: 'ae0e8e4d16f4d46d4a0a566ec7ecceccfd3fbfaa4a7a4b4e02848c0f2561ac46',
      bytes: 28_999,
    },
    zipDir: 'WNLI',
    files: { 'train.tsv': null, 'dev.tsv': null },
  },
} as const satisfies Record<GlueTaskName, GlueTaskSource>;
