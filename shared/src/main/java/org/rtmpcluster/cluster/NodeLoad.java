package org.rtmpcluster.cluster;

/**
 * How busy a node is, as routing needs it: its players and egress now, and the capacity it was given (0: no
 * limit). Written into the node's registry record every few seconds, so registry traffic grows with the number of
 * nodes, not with their players.
 *
 * @param players         RTMP players now
 * @param egressBps       bits per second written to all RTMP sockets, over the last refresh interval
 * @param capacityPlayers how many players the node should take ({@code EDGE_CAPACITY_PLAYERS}); 0 for no limit
 * @param capacityBps     how much egress it should take ({@code EDGE_CAPACITY_BPS}); 0 for no limit
 */
public record NodeLoad(int players, long egressBps, int capacityPlayers, long capacityBps) {
    public static final NodeLoad NONE = new NodeLoad(0, 0, 0, 0);

    /** At or over either capacity it has. */
    public boolean overCapacity() {
        return (capacityPlayers > 0 && players >= capacityPlayers) || (capacityBps > 0 && egressBps >= capacityBps);
    }

    /** Beyond either capacity: it has more than it should keep (rebalancing sheds the excess). */
    public boolean beyondCapacity() {
        return (capacityPlayers > 0 && players > capacityPlayers) || (capacityBps > 0 && egressBps > capacityBps);
    }

    /**
     * The share of its capacity in use, the larger of players and egress; without capacities, the player count
     * (so nodes without limits still compare by load).
     */
    public double utilisation() {
        if (capacityPlayers <= 0 && capacityBps <= 0) {
            return players;
        }
        double byPlayers = capacityPlayers > 0 ? (double) players / capacityPlayers : 0;
        double byBytes = capacityBps > 0 ? (double) egressBps / capacityBps : 0;
        return Math.max(byPlayers, byBytes);
    }

    /**
     * Whether routing would see a difference: another player count, or egress moved by more than a tenth. A node
     * writes its record when this holds ({@link NodeRegistry}); the bench's fan-out model applies the same rule.
     */
    public boolean differsFrom(NodeLoad other) {
        return other == null || players != other.players || capacityPlayers != other.capacityPlayers
                || capacityBps != other.capacityBps
                || Math.abs(egressBps - other.egressBps) > Math.max(other.egressBps, 1) / 10;
    }
}
