package dev.overtime.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny OTLP/HTTP receiver ({@code POST /v1/traces}, protobuf) for tests: keeps every span it is sent, with the
 * service that sent it, read straight from the protobuf wire format (no generated classes needed for four fields).
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span: the exporting service ({@code service.name}), its trace id (hex), its name and attributes. */
    record ReceivedSpan(String service, String traceId, String name, List<String> attributes) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                spans.addAll(parseExportRequest(body));
            } finally {
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            }
        });
        server.start();
    }

    /** What the services' {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} should be. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spansOf(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ExportTraceServiceRequest: resource_spans = 1 { resource = 1 { attributes = 1 (KeyValue) }, scope_spans = 2 {
    // spans = 2 { trace_id = 1, name = 5, attributes = 9 } } }; KeyValue { key = 1, value = 2 { string_value = 1 } }.
    static List<ReceivedSpan> parseExportRequest(byte[] body) {
        List<ReceivedSpan> found = new ArrayList<>();
        for (Field resourceSpans : Field.all(body, 1)) {
            String service = null;
            for (Field resource : Field.all(resourceSpans.bytes(), 1)) {
                for (Field attribute : Field.all(resource.bytes(), 1)) {
                    if ("service.name".equals(keyOf(attribute.bytes()))) {
                        service = valueOf(attribute.bytes());
                    }
                }
            }
            for (Field scopeSpans : Field.all(resourceSpans.bytes(), 2)) {
                for (Field span : Field.all(scopeSpans.bytes(), 2)) {
                    String traceId = HexFormat.of().formatHex(Field.first(span.bytes(), 1));
                    String name = new String(Field.first(span.bytes(), 5), StandardCharsets.UTF_8);
                    List<String> attributes = Field.all(span.bytes(), 9).stream()
                            .map(a -> keyOf(a.bytes()) + "=" + valueOf(a.bytes())).toList();
                    found.add(new ReceivedSpan(service, traceId, name, attributes));
                }
            }
        }
        return found;
    }

    private static String keyOf(byte[] keyValue) {
        return new String(Field.first(keyValue, 1), StandardCharsets.UTF_8);
    }

    // A string value as text, an int value as its number; other kinds are not needed here.
    private static String valueOf(byte[] keyValue) {
        byte[] any = Field.first(keyValue, 2);
        for (Field value : Field.parse(any)) {
            if (value.number() == 1) {
                return new String(value.bytes(), StandardCharsets.UTF_8);
            }
            if (value.number() == 3) {
                return Long.toString(value.varint());
            }
        }
        return "";
    }

    /** One protobuf field: a varint's value, or a length-delimited field's bytes. */
    private record Field(int number, long varint, byte[] bytes) {

        static List<Field> parse(byte[] message) {
            List<Field> fields = new ArrayList<>();
            int[] at = {0};
            while (at[0] < message.length) {
                long tag = readVarint(message, at);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> fields.add(new Field(number, readVarint(message, at), new byte[0]));
                    case 1 -> at[0] += 8;
                    case 2 -> {
                        int length = (int) readVarint(message, at);
                        byte[] bytes = new byte[length];
                        System.arraycopy(message, at[0], bytes, 0, length);
                        at[0] += length;
                        fields.add(new Field(number, 0, bytes));
                    }
                    case 5 -> at[0] += 4;
                    default -> throw new IllegalArgumentException("unsupported wire type in " + tag);
                }
            }
            return fields;
        }

        static List<Field> all(byte[] message, int number) {
            return parse(message).stream().filter(f -> f.number() == number).toList();
        }

        static byte[] first(byte[] message, int number) {
            return all(message, number).stream().findFirst().map(Field::bytes).orElse(new byte[0]);
        }

        private static long readVarint(byte[] message, int[] at) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = message[at[0]++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }
    }

}
