import { describeReadme } from '../../../vitest.readme.js';

describeReadme('@lrdist/pretrain', import.meta.url);
