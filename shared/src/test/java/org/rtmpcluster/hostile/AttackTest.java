package org.rtmpcluster.hostile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Each attack runs against a fresh node on which a legitimate publisher and player go on throughout, so every test
 * can check that the attack cost nothing but the attacker's own connection.
 */
abstract class AttackTest {
    protected NodeUnderAttack node;
    protected LegitimateStream bystanders;

    /** Flags for the node under attack (tighter limits or timeouts), as an operator would give them. */
    protected String[] nodeFlags() {
        return new String[0];
    }

    @BeforeEach
    void startNodeWithBystanders() {
        node = NodeUnderAttack.start(nodeFlags());
        bystanders = LegitimateStream.start(node);
    }

    @AfterEach
    void stopNode() {
        try {
            if (bystanders != null) {
                bystanders.close();
            }
        } finally {
            node.close();
        }
    }
}
