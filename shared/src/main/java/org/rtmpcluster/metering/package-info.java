/**
 * Session metering (pay-per-view, pay-per-minute): every publish and play the server starts is reported to the
 * operator's receiver ({@code EVENTS_WEBHOOK_URL}) as signed JSON events — a start, an {@code update} every
 * {@code EVENTS_UPDATE_S} with running byte totals, a stop with the close reason — delivered at least once, in
 * order per session, from a bounded queue. Below {@code server}, which reports sessions through
 * {@link org.rtmpcluster.metering.SessionEvents}; imports {@code auth}, {@code media} and {@code rtmp.net} only.
 */
package org.rtmpcluster.metering;
