package org.rtmpcluster.cluster;

import java.util.List;

/**
 * One page of the live streams, sorted by key.
 *
 * @param itemCount live streams in the whole registry
 * @param items     this page's records
 */
public record StreamPage(long itemCount, List<StreamRecord> items) {
}
