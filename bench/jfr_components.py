#!/usr/bin/env python3
"""Where a JFR recording's CPU samples fall, by component: each jdk.ExecutionSample goes to the first frame from the
top of its stack that belongs to a library or to Overtime (JDK frames are charged to whoever called them), so
"hibernate" includes the JDK collections Hibernate used. Needs the JDK's `jfr` tool.

  jfr_components.py RECORDING.jfr
"""
import collections
import json
import os
import subprocess
import sys

COMPONENTS = [  # prefix of the class name -> component; first match wins
    ('dev.overtime.api.imageedit.validation', 'overtime: validation (image inspection)'),
    ('dev.overtime.imageformat', 'overtime: image-format'),
    ('dev.overtime.outbox', 'overtime: outbox'),
    ('dev.overtime.storage', 'overtime: object store'),
    ('dev.overtime', 'overtime: other own code'),
    ('org.hibernate', 'hibernate'),
    ('org.postgresql', 'postgresql driver'),
    ('io.agroal', 'connection pool (agroal)'),
    ('com.arjuna', 'transactions (narayana)'), ('io.narayana', 'transactions (narayana)'),
    ('io.quarkus.narayana', 'transactions (narayana)'),
    ('com.fasterxml.jackson', 'jackson'),
    ('io.netty', 'http (vert.x/netty)'), ('io.vertx', 'http (vert.x/netty)'),
    ('org.jboss.resteasy.reactive.client', 'rest client'), ('io.quarkus.rest.client', 'rest client'),
    ('org.jboss.resteasy.reactive', 'quarkus rest'), ('io.quarkus.resteasy.reactive', 'quarkus rest'),
    ('io.smallrye.faulttolerance', 'fault tolerance'),
    ('org.apache.kafka', 'kafka'), ('io.smallrye.reactive.messaging', 'kafka'),
    ('software.amazon', 'object store (aws sdk)'),
    ('javax.imageio', 'image decode (imageio)'), ('com.sun.imageio', 'image decode (imageio)'),
    ('com.twelvemonkeys', 'image decode (imageio)'),
    ('java.util.zip', 'inflate (zip)'),
    ('io.opentelemetry', 'tracing'), ('io.micrometer', 'metrics'),
    ('org.jboss.logging', 'logging'), ('org.jboss.logmanager', 'logging'), ('io.quarkus.logging', 'logging'),
    ('io.quarkus.arc', 'cdi (arc)'), ('io.smallrye.config', 'config'),
    ('io.smallrye.mutiny', 'mutiny'), ('io.quarkus', 'quarkus other'),
]
JDK = ('java.', 'javax.', 'jdk.', 'sun.', 'com.sun.')


def component(class_name):
    for prefix, name in COMPONENTS:
        if class_name.startswith(prefix):
            return name
    return None if class_name.startswith(JDK) else 'other library'


def main():
    jfr = os.path.join(os.environ.get('JAVA_HOME', '/usr/lib/jvm/temurin-25-jdk-amd64'), 'bin', 'jfr')
    text = subprocess.run([jfr, 'print', '--json', '--stack-depth', '64', '--events', 'jdk.ExecutionSample',
                           sys.argv[1]], check=True, capture_output=True, text=True).stdout
    events = json.loads(text)['recording']['events']
    counts = collections.Counter()
    for event in events:
        frames = event['values']['stackTrace']['frames'] if event['values'].get('stackTrace') else []
        charged = 'jdk (no caller in the sampled stack)'
        for frame in frames:
            name = component(frame['method']['type']['name'].replace('/', '.'))
            if name:
                charged = name
                break
        counts[charged] += 1
    total = sum(counts.values()) or 1
    print(f'{total} CPU samples')
    for name, n in counts.most_common():
        print(f'{100 * n / total:5.1f} %  {name}')


if __name__ == '__main__':
    main()
