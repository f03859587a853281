package ks.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The words of {@code ./ks launch} joined into one pipeline description, as gst-launch-1.0 joins its arguments. */
class LaunchDescriptionTest {

    @Test
    void aValueWithSpacesTheShellUnquotedIsQuotedAgain() {
        assertEquals("kssrc device=\"ks Virtual Camera\" num-buffers=3 ! fakesink",
                Launch.description(new String[] {"kssrc", "device=ks Virtual Camera", "num-buffers=3", "!", "fakesink"}));
    }

    @Test
    void wordsWithoutSpacesOrAlreadyQuotedStayAsTheyAre() {
        assertEquals("kssrc device=\"Test Pattern Camera\" ! video/x-raw,width=320 ! fakesink",
                Launch.description(new String[] {"kssrc device=\"Test Pattern Camera\"", "!", "video/x-raw,width=320", "!", "fakesink"}));
    }

    @Test
    void aWordWithSpacesButNoValueIsQuotedWhole() {
        assertEquals("textoverlay text=hi \"a b\"", Launch.description(new String[] {"textoverlay", "text=hi", "a b"}));
    }
}
