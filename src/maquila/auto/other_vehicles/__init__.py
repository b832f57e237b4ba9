"""Other vehicles and their parts (SOR/2020-155 s. 20), 8703.10, 87.06/87.07: the kinds
of good and the readings each needs (kinds), new plants and refits (new_plant), the RVC
of one reading (rvc), and the determination (decide), re-exported here."""

from maquila.auto.other_vehicles.decide import OtherVehicleRequest as OtherVehicleRequest
from maquila.auto.other_vehicles.decide import determine as determine
