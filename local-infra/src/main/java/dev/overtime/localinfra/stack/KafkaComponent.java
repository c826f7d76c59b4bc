package dev.overtime.localinfra.stack;

import dev.overtime.localinfra.KafkaServer;
import dev.overtime.localinfra.KafkaTopics;
import dev.overtime.localinfra.LocalTopics;

/** One KRaft broker kept in {@code .overtime/kafka}, with every topic the services agree on. */
final class KafkaComponent extends InfrastructureComponent {

    private static final String NAME = "kafka";

    KafkaComponent(StackContext context) {
        super(context, NAME, StackContext::kafkaPort);
    }

    @Override
    public void start() {
        StackHome home = context.home();
        KafkaServer kafka = KafkaServer.in(home.dir("kafka"), port(), context.kafkaControllerPort(), home.log(NAME));
        kafka.format();
        Console.say("starting Kafka on " + kafka.bootstrapServers());
        long pid = kafka.launch(true).pid();
        home.recordPid(NAME, pid);
        Console.say(NAME + " started (pid " + pid + ", log " + kafka.log() + ")");
        kafka.awaitListening(context.settings().healthTimeout());
        Console.say("ensuring topics " + LocalTopics.partitionsByTopic() + " (name=partitions)");
        KafkaTopics.create(kafka.bootstrapServers(), LocalTopics.partitionsByTopic());
    }
}
