import { loadTokenizer, padBatch, writeTokenizerFiles } from '../src/index.js';

// bert-base-uncased: from `dir` (tokenizer.json, else vocab.txt) or, with nothing given, the bundled vocabulary.
const tokenizer = await loadTokenizer();
console.log(tokenizer.source.kind, tokenizer.vocabSize, tokenizer.specialIds.mask);

// One pair, cut like Hugging Face's `longest_first` when it is too long.
const pair = tokenizer.encode('The cat sat on the mat.', { pair: 'A cat was sitting.', maxLength: 12 });
console.log(pair.tokens.join(' '), Array.from(pair.tokenTypeIds).join(''));

// A dataset: tokenize once without padding, then pad each batch into row-major [batchSize, seqLen] arrays.
const examples = tokenizer.encodeMany([['Is it raining?', 'It rains.'], 'Just one sentence.'], { maxLength: 128 });
const batch = padBatch(examples, { padding: 'longest', padId: tokenizer.specialIds.pad });
console.log(batch.batchSize, batch.seqLen, batch.inputIds.length === batch.batchSize * batch.seqLen);

console.log(tokenizer.decode(pair.inputIds, { skipSpecialTokens: true }));

// Ship the tokenizer with a model: vocab.txt, tokenizer.json and tokenizer_config.json.
if (process.env['README_EXAMPLE_OUT'] !== undefined) await writeTokenizerFiles(process.env['README_EXAMPLE_OUT'], tokenizer);
