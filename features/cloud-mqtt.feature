# The cloud link: twin updates up as Eclipse Ditto Protocol over MQTT v5 through a persistent
# store-and-forward queue, commands down. Paho MQTT v5 is embedded in the bundle.
description=Cloud link: Ditto Protocol twin updates over MQTT v5, persistent store-and-forward queue, commands with responses
bundles=\
  org.mviot.edge.cloud.mqtt-${project.version}.jar
requires=core
