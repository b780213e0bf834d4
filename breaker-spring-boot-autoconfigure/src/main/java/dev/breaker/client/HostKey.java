package dev.breaker.client;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A key of {@code breaker.http.hosts}: a host, optionally a port ({@code search.internal:8443}) and a path
 * prefix ({@code payments.example.com/v1/charges}). Without a port it matches the host on any port; without a
 * prefix, any path.
 *
 * @param host lower case, as {@link java.net.URI#getHost()} gives it (IPv6 in brackets)
 * @param port the port, or -1 for any
 * @param pathPrefix the path prefix without a trailing slash, or "" for any path
 */
record HostKey(String host, int port, String pathPrefix) {

    static final String ACCEPTED = "a host, optionally with :port and a /path prefix, without scheme, query or"
            + " wildcard, e.g. payments.example.com, search.internal:8443 or payments.example.com/v1/charges";

    private static final Pattern NAME =
            Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9\\-._~!$&'()*+,;=:@%]*)+");

    /** @throws InvalidHttpSettingException when the key is not a host as described above */
    static HostKey parse(String key) {
        String written = key.trim();
        int slash = written.indexOf('/');
        String authority = (slash < 0 ? written : written.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "" : written.substring(slash);
        String host = authority;
        int port = -1;
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) {
            host = authority.substring(0, colon);
            port = port(key, authority.substring(colon + 1));
        }
        if (written.contains("://") || !(NAME.matcher(host).matches() || IPV6.matcher(host).matches())
                || (!path.isEmpty() && !PATH.matcher(path).matches())) {
            throw invalid(key);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new HostKey(host, port, path);
    }

    /** Whether a request to {@code port} (the scheme's default filled in) with {@code rawPath} is covered. */
    boolean matches(int requestPort, String rawPath) {
        if (port != -1 && port != requestPort) {
            return false;
        }
        if (pathPrefix.isEmpty()) {
            return true;
        }
        // On a segment boundary: /v1/charges covers /v1/charges and /v1/charges/42, not /v1/chargesheet.
        return rawPath.startsWith(pathPrefix)
                && (rawPath.length() == pathPrefix.length() || rawPath.charAt(pathPrefix.length()) == '/');
    }

    private static int port(String key, String digits) {
        if (!digits.matches("[0-9]{1,5}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
            throw invalid(key);
        }
        return Integer.parseInt(digits);
    }

    private static InvalidHttpSettingException invalid(String key) {
        return new InvalidHttpSettingException("[" + key + "]", "'" + key + "'", ACCEPTED);
    }
}
