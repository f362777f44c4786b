package io.gatelist.cli;

import io.gatelist.lookup.IpLiterals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --listen ADDRESS:PORT} for the servers: an IPv4 literal and a port ({@code 127.0.0.1:5353}), or an IPv6
 * literal in brackets ({@code [::1]:5353}). Nothing is resolved, so a server binds exactly the address written; a
 * bad value is a command-line error (exit 2) that says what is expected.
 */
final class ListenAddressConverter implements ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw refused(text);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw refused(text);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        byte[] bytes = literal(host);
        int p = port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : -1;
        if (bytes == null || p < 0 || p > 65535) {
            throw refused(text);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), p);
        } catch (UnknownHostException e) { // only for a wrong length, which literal() never gives
            throw refused(text);
        }
    }

    private static TypeConversionException refused(String text) {
        return new TypeConversionException("\"" + io.gatelist.report.TerminalText.escape(text)
                + "\" is not an IP address and port 0-65535 (such as 127.0.0.1:8080 or [::1]:8080; names are "
                + "not resolved)");
    }

    private static byte[] literal(String host) {
        long v4 = IpLiterals.parseIpv4(host);
        if (v4 != IpLiterals.INVALID) {
            return ByteBuffer.allocate(4).putInt((int) v4).array();
        }
        long[] v6 = new long[2];
        if (IpLiterals.parseIpv6(host, v6)) {
            return ByteBuffer.allocate(16).putLong(v6[0]).putLong(v6[1]).array();
        }
        return null;
    }
}
