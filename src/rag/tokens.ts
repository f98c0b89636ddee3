// Token counts are estimated, not computed with the embedding model's tokenizer (which shai does not ship):
// BERT-style WordPiece and BPE tokenizers give about one token per 4 characters of English prose and one per
// word piece or punctuation mark in code. Taking the larger of the two estimates keeps chunks under the budget.

const PIECES = /[A-Za-z]+|\d+|[^\sA-Za-z\d]/g;

/** An upper estimate of the tokens an embedding model's tokenizer makes of `text`. */
export function estimateTokens(text: string): number {
  const pieces = text.match(PIECES)?.length ?? 0;
  return Math.max(Math.ceil(text.length / 4), Math.ceil(pieces * 1.1));
}
