// The stage: a header image and two body images, changed by animators.
//
// The crossfade's OpacityAnimator runs on the scene graph's render thread when
// Qt Quick uses its threaded render loop (the default with OpenGL, as on a Raspberry
// Pi): a transition stays smooth while Python holds the GIL in a sync job. Every
// picture comes from Python through the "stage" image provider.
import QtQuick

Item {
    id: root

    property bool portrait: false
    property int fadeMs: 800
    property string transition: "crossfade"
    property real headerHeight: 0
    property color background: "#F7F5F0"
    // Outside opening hours: a black frame, nothing moving.
    property bool sleeping: false
    // Turned a quarter clockwise when a portrait picture goes to a landscape output.
    readonly property bool turned: portrait && width > height

    signal transitionFinished()

    function showBody(source, animate) {
        fade.stop()
        slide.stop()
        if (!animate || current.source == "") {
            current.source = source
            current.x = 0
            incoming.source = ""
            incoming.opacity = 0
            return
        }
        incoming.source = source
        if (transition === "slide") {
            incoming.opacity = 1
            incoming.x = body.width
            slide.start()
        } else {
            incoming.x = 0
            incoming.opacity = 0
            fade.start()
        }
    }

    function showHeader(source) {
        header.source = source
    }

    function settle() {
        current.source = incoming.source
        current.x = 0
        incoming.opacity = 0
        incoming.source = ""
        transitionFinished()
    }

    Rectangle {
        anchors.fill: parent
        color: root.background
    }

    Item {
        id: screen
        width: root.turned ? root.height : root.width
        height: root.turned ? root.width : root.height
        anchors.centerIn: parent
        rotation: root.turned ? 90 : 0

        Item {
            id: body
            y: root.headerHeight
            width: parent.width
            height: parent.height - root.headerHeight
            clip: true

            Image { id: current; width: body.width; height: body.height; cache: false; smooth: false }
            Image {
                id: incoming
                width: body.width; height: body.height
                cache: false; smooth: false; opacity: 0
            }
        }

        Image { id: header; width: parent.width; height: root.headerHeight; cache: false }
    }

    Rectangle {
        anchors.fill: parent
        color: "black"
        visible: root.sleeping
        z: 10
    }

    OpacityAnimator {
        id: fade
        target: incoming; from: 0; to: 1
        duration: root.fadeMs
        easing.type: Easing.InOutQuad
        onFinished: root.settle()
    }

    // The optional slide uses NumberAnimation (GUI thread): XAnimator does not move
    // items under the software renderer used offscreen and on machines without OpenGL.
    // The default crossfade keeps its render-thread animator.
    ParallelAnimation {
        id: slide
        NumberAnimation {
            target: current; property: "x"; from: 0; to: -body.width
            duration: root.fadeMs; easing.type: Easing.InOutQuad
        }
        NumberAnimation {
            target: incoming; property: "x"; from: body.width; to: 0
            duration: root.fadeMs; easing.type: Easing.InOutQuad
        }
        onFinished: root.settle()
    }
}
