package io.batchrollout.api;

/** Client text echoed back in details is clipped: a hostile body must not make a huge answer. */
final class Texts {
    static final int MAX_ECHO = 160;

    private Texts() {
    }

    static String clip(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...(" + text.length() + " characters)";
    }

    /** Any C0 control character or DEL; {@code allowTab} lets tabs through. */
    static boolean hasControl(String text, boolean allowTab) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && !(allowTab && c == '\t')) || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
