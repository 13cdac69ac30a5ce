package dev.bridle.store;

/**
 * One bucket of the context-size series: the smallest and largest context of the model requests in a range of events,
 * one pixel column of the timeline's chart.
 *
 * @param bucket the bucket's index, from 0
 * @param firstSeq the first model request in the bucket
 * @param lastSeq the last model request in the bucket
 * @param minTokens the smallest context, in tokens
 * @param maxTokens the largest context, in tokens
 * @param requests how many model requests fell in the bucket
 */
public record ContextBucket(int bucket, long firstSeq, long lastSeq, int minTokens, int maxTokens, int requests) {}
