package org.rtmpcluster.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Members' proofs and records' signatures: made with the secret, they verify; forged, altered or foreign, not. */
class RecordSignatureTest {
    private static final String SECRET = "a cluster secret of 16+ bytes";
    private static final String OTHER = "another secret, also 16+ bytes";
    private static final RecordSignature SIGNATURES = RecordSignature.of(SECRET);
    private static final StreamRecord STREAM = new StreamRecord("live/a", "origin-1", "10.0.0.1:1935", 1000, 42, true);
    private static final NodeRecord NODE = new NodeRecord("origin-1", "origin", "z1", NodeRecord.READY,
            "10.0.0.1:1935", "203.0.113.1:1935", "10.0.0.1:8080", 1000, new NodeLoad(3, 1000, 0, 0));

    @Test
    void aProofVerifiesForItsOwnNodeIdAndAddressOnly() {
        MemberProof proofs = MemberProof.of(SECRET);
        String proof = proofs.proof("origin-1", "10.0.0.1:5701");
        assertTrue(proofs.verifies("origin-1", "10.0.0.1:5701", proof));
        assertFalse(proofs.verifies("stranger", "10.0.0.1:5701", proof), "copied to another node id");
        assertFalse(proofs.verifies("origin-1", "10.0.0.66:5701", proof), "copied to another address");
        assertFalse(proofs.verifies("origin-1", "10.0.0.1:5701", null), "no proof");
        assertFalse(proofs.verifies("origin-1", "10.0.0.1:5701", "forged"), "a made-up proof");
        assertFalse(MemberProof.of(OTHER).verifies("origin-1", "10.0.0.1:5701", proof), "another secret");
    }

    @Test
    void withoutASecretEveryMemberAndRecordIsBelieved() {
        assertTrue(MemberProof.of("").verifies("anyone", "10.0.0.66:5701", null));
        assertTrue(RecordSignature.of("").verifies(STREAM));
        assertEquals(STREAM, RecordSignature.of("").sign(STREAM), "nothing is signed");
    }

    @Test
    void aSignedStreamRecordVerifiesAndKeepsItsSignatureWhenItEnds() {
        StreamRecord signed = SIGNATURES.sign(STREAM);
        assertNotEquals("", signed.signature());
        assertTrue(SIGNATURES.verifies(signed));
        assertTrue(SIGNATURES.verifies(signed.ended()), "the end event of a signed record is believed");
    }

    @Test
    void anUnsignedOrForgedStreamRecordDoesNotVerify() {
        assertFalse(SIGNATURES.verifies(STREAM), "unsigned");
        assertFalse(SIGNATURES.verifies(STREAM.withSignature("AAAA")), "a made-up signature");
        assertFalse(SIGNATURES.verifies(RecordSignature.of(OTHER).sign(STREAM)), "signed with another secret");
    }

    @Test
    void aStreamRecordWithAnyFieldAlteredDoesNotVerify() {
        String sig = SIGNATURES.sign(STREAM).signature();
        assertFalse(SIGNATURES.verifies(new StreamRecord("live/b", "origin-1", "10.0.0.1:1935", 1000, 42, true, sig)));
        assertFalse(SIGNATURES.verifies(new StreamRecord("live/a", "stranger", "10.0.0.1:1935", 1000, 42, true, sig)));
        assertFalse(SIGNATURES.verifies(new StreamRecord("live/a", "origin-1", "10.9.9.9:1935", 1000, 42, true, sig)),
                "the address an edge would pull from");
        assertFalse(SIGNATURES.verifies(new StreamRecord("live/a", "origin-1", "10.0.0.1:1935", 1001, 42, true, sig)));
        assertFalse(SIGNATURES.verifies(new StreamRecord("live/a", "origin-1", "10.0.0.1:1935", 1000, 43, true, sig)),
                "a higher epoch");
    }

    @Test
    void aNodeRecordVerifiesSignedAndNotAltered() {
        NodeRecord signed = SIGNATURES.sign(NODE);
        assertTrue(SIGNATURES.verifies(signed));
        assertFalse(SIGNATURES.verifies(NODE), "unsigned");
        assertFalse(SIGNATURES.verifies(RecordSignature.of(OTHER).sign(NODE)), "another secret");
        String sig = signed.signature();
        assertFalse(SIGNATURES.verifies(new NodeRecord("origin-1", "origin", "z1", NodeRecord.READY,
                "10.0.0.1:1935", "198.51.100.7:1935", "10.0.0.1:8080", 1000, new NodeLoad(3, 1000, 0, 0), sig)),
                "another client address");
        assertFalse(SIGNATURES.verifies(signed.withLoad(NodeLoad.NONE).withSignature(sig)), "another load");
        assertFalse(SIGNATURES.verifies(signed.withState(NodeRecord.DRAINING).withSignature(sig)), "another state");
    }

    @Test
    void aClaimIsSignedForItsClaimerOnlyAndWhileRecent() {
        String mac = SIGNATURES.claimMac("live/a", "origin-1", "10.0.0.1:1935", 1000);
        assertTrue(SIGNATURES.verifiesClaim("live/a", "origin-1", "10.0.0.1:1935", 1000, mac, 2000));
        assertFalse(SIGNATURES.verifiesClaim("live/a", "origin-1", "10.6.6.6:1935", 1000, mac, 2000),
                "a stranger's address under a copied MAC");
        assertFalse(SIGNATURES.verifiesClaim("live/b", "origin-1", "10.0.0.1:1935", 1000, mac, 2000), "another key");
        assertFalse(SIGNATURES.verifiesClaim("live/a", "origin-1", "10.0.0.1:1935", 1000, "", 2000), "no MAC");
        assertFalse(SIGNATURES.verifiesClaim("live/a", "origin-1", "10.0.0.1:1935", 1000, mac,
                1000 + RecordSignature.CLAIM_MAX_AGE_MILLIS + 1), "a replay, later");
    }

    @Test
    void signaturesSurviveTheRegistrySerializers() {
        var serialization = new com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder()
                .setConfig(RegistrySerialization.configure(new com.hazelcast.config.SerializationConfig())).build();
        StreamRecord stream = SIGNATURES.sign(STREAM);
        NodeRecord node = SIGNATURES.sign(NODE);
        assertEquals(stream, serialization.toObject(serialization.toData(stream)));
        assertEquals(node, serialization.toObject(serialization.toData(node)));
    }
}
