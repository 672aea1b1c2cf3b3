import { describeReadme } from '../../../vitest.readme.js';

describeReadme('@lrdist/protocol', import.meta.url);
