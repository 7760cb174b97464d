package org.rtmpcluster.routing;

import java.util.List;

/**
 * How a node tells a player's zone and orders the others, for {@code /api/v1/locate} and redirects.
 *
 * @param cidrs      client address ranges by zone ({@code ZONE_CIDRS})
 * @param zoneHeader the request header a geo-aware balancer sets to the client's zone ({@code ZONE_HEADER})
 * @param zoneOrder  the zones to try, in order, when the client's zone has no ready edge ({@code ZONE_ORDER});
 *                   zones not named come after, by name
 */
public record RoutingOptions(ZoneCidrs cidrs, String zoneHeader, List<String> zoneOrder) {
    public static final RoutingOptions DEFAULT = new RoutingOptions(ZoneCidrs.NONE, "X-Client-Zone", List.of());

    public RoutingOptions {
        zoneOrder = List.copyOf(zoneOrder);
    }
}
