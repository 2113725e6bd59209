package io.batchrollout.contract;

import io.batchrollout.sim.RequestLog;
import java.util.ArrayList;
import java.util.List;

/**
 * What every GalleryImageVersions_Update the app sends must satisfy, whichever feature sent it (replica remediation,
 * a pass's promotion or rejection, an operator's promote or reject): a PATCH at the spec's api-version with a JSON body
 * valid against GalleryImageVersionUpdate, no If-Match (the operation declares none and the version has no ETag), and
 * the app's own GET of the same version right before it, since that read is the only condition it has.
 */
final class GalleryUpdateCheck {
    static final String OPERATION = "GalleryImageVersions_Update";

    private GalleryUpdateCheck() {
    }

    /** The update's problems, each naming the request; empty when it keeps to the spec. */
    static List<String> problems(SpecExtract spec, List<RequestLog.Captured> sent, RequestLog.Captured update) {
        List<String> problems = new ArrayList<>();
        String what = update.entry().method() + " " + update.entry().path() + "?" + update.entry().query() + ": ";
        if (!update.entry().method().equals("PATCH")) {
            problems.add(what + "not a PATCH");
        }
        if (update.entry().status() >= 300) {
            problems.add(what + "answered " + update.entry().status());
        }
        if (!update.entry().query().contains("api-version=" + spec.apiVersion())) {
            problems.add(what + "api-version is not " + spec.apiVersion());
        }
        if (!update.headers().getOrDefault("content-type", "").startsWith("application/json")) {
            problems.add(what + "Content-Type " + update.headers().get("content-type"));
        }
        if (update.headers().containsKey("if-match") && !spec.headerParameters(OPERATION).contains("if-match")) {
            problems.add(what + "If-Match " + update.headers().get("if-match") + ", which the operation does not declare");
        }
        if (update.body() == null) {
            problems.add(what + "no body");
        } else {
            spec.validateRequest(update.body(), spec.bodySchema(OPERATION).orElseThrow()).forEach(v -> problems.add(what + v));
        }
        List<RequestLog.Captured> before = sent.subList(0, sent.indexOf(update)).stream()
                .filter(c -> c.entry().path().equalsIgnoreCase(update.entry().path())).toList();
        if (before.isEmpty()) {
            problems.add(what + "no read of the version before it");
        } else {
            RequestLog.Captured last = before.get(before.size() - 1);
            if (!last.entry().method().equals("GET") || last.entry().status() != 200) {
                problems.add(what + "the request before it was " + last.entry().method() + " (" + last.entry().status() + ")");
            }
        }
        return problems;
    }
}
