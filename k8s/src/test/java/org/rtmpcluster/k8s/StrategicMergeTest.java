package org.rtmpcluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strategic merge the overlay check renders with, on the cases the API reference gives. */
class StrategicMergeTest {

    @Test
    void mapsMergeKeyByKeyAndNullRemovesAKey() {
        ObjectNode target = yaml("{a: {b: 1, c: 2}, d: 3}");
        StrategicMerge.merge(target, yaml("{a: {c: 20, e: 5}, d: null}"));
        assertEquals(yaml("{a: {b: 1, c: 20, e: 5}}"), target);
    }

    @Test
    void containersMergeByNameAndTheirEnvByName() {
        ObjectNode target = yaml("{containers: [{name: a, env: [{name: X, value: '1'}, {name: Y, value: '2'}]},"
                + " {name: b}]}");
        StrategicMerge.merge(target, yaml("{containers: [{name: a, env: [{name: Y, value: '3'}, {name: Z, value: "
                + "'4'}]}]}"));
        assertEquals(yaml("{containers: [{name: a, env: [{name: X, value: '1'}, {name: Y, value: '3'}, {name: Z, "
                + "value: '4'}]}, {name: b}]}"), target);
    }

    @Test
    void listsWithoutAMergeKeyAreReplaced() {
        ObjectNode target = yaml("{nodeSelectorTerms: [{matchExpressions: [{key: k, operator: In, values: [a]}]}]}");
        StrategicMerge.merge(target, yaml("{nodeSelectorTerms: [{matchExpressions: [{key: k, operator: In, values: "
                + "[b]}]}]}"));
        assertEquals(yaml("{nodeSelectorTerms: [{matchExpressions: [{key: k, operator: In, values: [b]}]}]}"), target);
    }

    @Test
    void aListWhoseStrategyIsNotKnownIsRefused() {
        ObjectNode target = yaml("{ports: [{name: rtmp, containerPort: 1935}]}");
        ManifestException e = assertThrows(ManifestException.class,
                () -> StrategicMerge.merge(target, yaml("{ports: [{name: rtmp, containerPort: 1936}]}")));
        assertTrue(e.getMessage().contains("list 'ports'"), e.getMessage());
    }

    @Test
    void patchDirectivesAreRefused() {
        assertThrows(ManifestException.class, () -> StrategicMerge.merge(yaml("{env: [{name: X}]}"),
                yaml("{env: [{name: X, $patch: delete}]}")));
    }

    private static ObjectNode yaml(String text) {
        try {
            JsonNode node = StrictYaml.MAPPER.readTree(text);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
