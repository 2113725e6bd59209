package io.batchrollout.core.events;

/**
 * Event text echoed into log lines is clipped and has its control characters replaced: a hostile event must neither
 * flood the log nor forge lines of its own with embedded newlines.
 */
final class EventText {
    static final int MAX_ECHO = 300;

    private EventText() {
    }

    static String clip(String text) {
        if (text == null) {
            return "";
        }
        String head = text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO);
        StringBuilder safe = new StringBuilder(head.length() + 32);
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            safe.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (text.length() > MAX_ECHO) {
            safe.append("...(").append(text.length()).append(" characters)");
        }
        return safe.toString();
    }
}
