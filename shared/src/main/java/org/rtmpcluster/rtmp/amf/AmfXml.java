package org.rtmpcluster.rtmp.amf;

import java.util.Objects;

/**
 * An XML value carried as text: AMF0 XML document (0x0F), AMF3 XMLDocument (0x07) and AMF3 XML (0x0B).
 * The text is never parsed here; it is a string that must not be mistaken for one.
 */
public record AmfXml(String xml) {

    public AmfXml {
        Objects.requireNonNull(xml, "xml");
    }
}
