package org.rtmpcluster.rtmp.amf;

import java.util.List;

/**
 * The traits of an AMF3 object (AMF3 §3.12) as kept in the traits reference table: whether dynamic
 * members follow, and the sealed member names in wire order. The class name is not kept; nothing is ever
 * looked up by it.
 */
record Amf3Traits(boolean dynamic, List<String> sealedNames) {
}
