package org.rtmpcluster.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BearerTokenTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void theTokenIsReadFromABearerHeaderOfAnyCase() {
        assertEquals(TOKEN, BearerToken.presented("Bearer " + TOKEN));
        assertEquals(TOKEN, BearerToken.presented("bearer   " + TOKEN + " "));
        assertEquals(TOKEN, BearerToken.presented("BEARER " + TOKEN));
    }

    @Test
    void otherSchemesAndEmptyBearersPresentNoToken() {
        assertNull(BearerToken.presented(null));
        assertNull(BearerToken.presented("Basic dXNlcjpwYXNz"));
        assertNull(BearerToken.presented("Bearer"));
        assertNull(BearerToken.presented("Bearer   "));
        assertNull(BearerToken.presented("Bearer" + TOKEN));
        assertNull(BearerToken.presented(TOKEN));
    }

    @Test
    void anEmptySettingIsNoTokenAndAnyOtherIsSet() {
        assertFalse(BearerToken.of("").isSet());
        assertTrue(BearerToken.of(TOKEN).isSet());
        assertEquals("BearerToken[set]", BearerToken.of(TOKEN).toString(), "never the token itself");
    }

    @Test
    void aShortTokenOrOneWithSpacesIsRefusedWithoutItsValueInTheMessage() {
        String tooShort = "secret-7";
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
                () -> BearerToken.check("API_TOKEN", tooShort));
        assertEquals("API_TOKEN: 8 characters, expected 16..512 (e.g. openssl rand -hex 32)", shortOne.getMessage());
        String spaced = "0123456789 abcdef0123";
        IllegalArgumentException withSpace = assertThrows(IllegalArgumentException.class,
                () -> BearerToken.check("METRICS_TOKEN", spaced));
        assertTrue(withSpace.getMessage().startsWith("METRICS_TOKEN: character 11 is not visible ASCII"),
                withSpace.getMessage());
        assertFalse(withSpace.getMessage().contains("abcdef"), withSpace.getMessage());
        BearerToken.check("API_TOKEN", "");
        BearerToken.check("API_TOKEN", TOKEN);
    }

    @Test
    void httpOptionsNeverPrintTheirTokens() {
        String printed = HttpOptions.DEFAULT.withTokens(TOKEN, TOKEN + "-metrics").toString();
        assertFalse(printed.contains(TOKEN), printed);
        assertTrue(printed.contains("API token set, metrics token set"), printed);
    }
}
