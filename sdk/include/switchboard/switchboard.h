/* Switchboard plugin ABI: the whole C contract in one include. */
#ifndef SWITCHBOARD_SWITCHBOARD_H
#define SWITCHBOARD_SWITCHBOARD_H

#include "switchboard/abi.h"
#include "switchboard/host.h"
#include "switchboard/push.h"
#include "switchboard/storage.h"
#include "switchboard/transport.h"

#endif /* SWITCHBOARD_SWITCHBOARD_H */
