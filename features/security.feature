# Command authorization: a Ditto-style policy file, conf/policy.json (subjects, resources, grants and revokes;
# default deny), optional JWS signatures with pinned keys. Nimbus JOSE+JWT is embedded in the bundle. Started by
# every profile; while no policy file exists the profile's policy.missing applies (deny; the sim profile: demo).
description=Command policy: who may set which twin property (conf/policy.json, default deny, optional JWS signatures); authorization counters in the gateway twin
bundles=\
  org.mviot.edge.security-${project.version}.jar
requires=core
