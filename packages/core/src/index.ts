export { layerGroupName, parseGroupName } from './group-names.js';
export type { LayerRange, ParsedGroupName } from './group-names.js';

export { describeValue, describeZodError, fieldPath, valueAt } from './messages.js';

export { splitmix32, xoshiro128ss } from './xoshiro.js';
