import { describeReadme } from '../../../vitest.readme.js';

describeReadme('@lrdist/glue', import.meta.url);
