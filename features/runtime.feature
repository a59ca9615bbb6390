# The OSGi runtime every gateway runs; started before any other feature.
description=OSGi runtime: Declarative Services, Config Admin, Metatype, Event Admin, Gogo shell, logging, hot deploy
# Start order matters: the log first (others find it), FileInstall last (deployed bundles find everything).
# Bundles stop in reverse order: Event Admin stops before the bundles whose events it would deliver.
bundles=\
  org.apache.felix.log-${felix.log.version}.jar,\
  org.mviot.edge.runtime-${project.version}.jar,\
  org.apache.felix.configadmin-${felix.configadmin.version}.jar,\
  org.apache.felix.scr-${felix.scr.version}.jar,\
  org.apache.felix.metatype-${felix.metatype.version}.jar,\
  org.apache.felix.gogo.runtime-${felix.gogo.runtime.version}.jar,\
  org.apache.felix.gogo.command-${felix.gogo.command.version}.jar,\
  org.apache.felix.gogo.shell-${felix.gogo.shell.version}.jar,\
  org.apache.felix.eventadmin-${felix.eventadmin.version}.jar,\
  org.apache.felix.fileinstall-${felix.fileinstall.version}.jar
