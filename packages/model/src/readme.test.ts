import { describeReadme } from '../../../vitest.readme.js';

describeReadme('@lrdist/model', import.meta.url);
