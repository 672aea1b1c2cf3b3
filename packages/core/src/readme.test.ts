import { describeReadme } from '../../../vitest.readme.js';

describeReadme('@lrdist/core', import.meta.url);
