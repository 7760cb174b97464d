package org.rtmpcluster.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.cluster.NodeRegistry;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/nodes}: every node in the registry, sorted by id and paged, with the figures each node of the
 * page gave when asked ({@link LocalFigures}); a node that did not answer in time says {@code "figures":
 * "unknown"}, its figures null. The registry holds one record per node, so reading it whole is bounded by the
 * cluster's size, not its traffic. With {@code CLUSTER_SECRET}, each says whether it is {@code "trusted"}: a
 * member without a valid proof of the secret, or a record without a valid signature, is listed {@code false} (and
 * a stranger member that wrote no record is listed too, with role "unknown" and its {@code "memberAddress"}).
 */
final class NodeList {
    /** The figures a node answers with, in the order the API lists them. */
    static final List<String> FIGURES = List.of("publishers", "players", "upstreamPulls", "connections", "bytesIn",
            "bytesOut");

    private final NodeRegistry nodes;
    private final FigureQuery figures;

    NodeList(NodeRegistry nodes, FigureQuery figures) {
        this.nodes = nodes;
        this.figures = figures;
    }

    Future<JsonObject> page(Paging paging) {
        return nodes.listing().compose(all -> {
            List<NodeRegistry.Listed> sorted = all.stream().sorted(Comparator.comparing(l -> l.node().nodeId()))
                    .toList();
            List<NodeRegistry.Listed> page = sorted.subList(Math.min(paging.offset(), sorted.size()),
                    Math.min(paging.offset() + paging.itemsPerPage(), sorted.size()));
            // Untrusted nodes are not asked: their answers would be theirs to make up.
            return figures.ask(page.stream().filter(NodeRegistry.Listed::trusted).map(l -> l.node().nodeId())
                    .toList(), new JsonObject()).map(answers -> {
                JsonArray items = new JsonArray();
                page.forEach(n -> items.add(item(n, answers)));
                return paging.answer(sorted.size(), items);
            });
        });
    }

    private static JsonObject item(NodeRegistry.Listed listed, Map<String, JsonObject> answers) {
        NodeRecord n = listed.node();
        JsonObject item = new JsonObject().put("id", n.nodeId()).put("trusted", listed.trusted())
                .put("role", n.role()).put("zone", n.zone())
                .put("state", n.state()).put("rtmpAddress", n.rtmpAddress()).put("clientAddress", n.clientAddress()).put("httpAddress", n.httpAddress())
                .put("startedAt", n.startedAt() == 0 ? null : Json.time(n.startedAt()));
        if (listed.untrustedMemberAddress() != null) {
            item.put("memberAddress", listed.untrustedMemberAddress());
        }
        if (n.load() != null) {
            // As the registry has it (a few seconds old): what routing decides on.
            item.put("load", new JsonObject().put("players", n.load().players()).put("egressBps", n.load().egressBps())
                    .put("capacityPlayers", n.load().capacityPlayers()).put("capacityBps", n.load().capacityBps()));
        }
        JsonObject answer = answers.get(n.nodeId());
        JsonObject own = answer == null ? new JsonObject() : answer.getJsonObject("node", new JsonObject());
        item.put("figures", answer == null ? "unknown" : "known");
        FIGURES.forEach(f -> item.put(f, own.getValue(f)));
        return item;
    }
}
