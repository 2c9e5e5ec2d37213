from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.utilities import parameters

app = APIGatewayRestResolver()


@app.get("/settings")
def settings():
    limits = parameters.get_parameter("/orders/dev/limits", transform="json")
    flags = parameters.get_app_config(name="features", environment="dev", application="orders")
    names = parameters.get_parameters_by_name(
        parameters={"/orders/dev/currency": {}, "/orders/dev/tax-rate": {}}
    )
    return {"limits": limits, "flags": flags.decode(), "params": names}


def lambda_handler(event, context):
    return app.resolve(event, context)
